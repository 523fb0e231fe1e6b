import { DomainError } from '@fulcrum/contracts';
import type { AnalyticsConfig } from '../../src/config/analytics.env';
import { InsightExecutor } from '../../src/insights/insight.executor';
import { InsightTestDb } from './support/insight-test-db';

describe('insight executor (real DuckDB)', () => {
  let t: InsightTestDb;
  beforeAll(async () => {
    t = await InsightTestDb.create();
  });
  afterAll(() => t.db.close());

  const executor = (insightTimeoutMs: number) => new InsightExecutor(t.db, { insightTimeoutMs } as AnalyticsConfig);
  const request = (projectId: string) => ({ projectId, timeZone: 'UTC', query: {} });

  it('interrupts an insight that runs past the time limit and answers INSIGHT_TIMEOUT', async () => {
    const projectId = await t.insert([{ event: 'view', distinctId: 'a', timestamp: '2026-01-01T00:00:00Z' }]);
    const started = Date.now();
    const outcome = await executor(200)
      .run('TREND', request(projectId), async (runner) => {
        // Minutes of work if nothing stopped it.
        await runner.rows('SELECT count(*) AS n FROM range(20000000000) t(i) WHERE hash(i) % 7 = 3', []);
        return { done: true };
      })
      .then(
        () => 'answered',
        (e: unknown) => e,
      );
    expect(outcome).toBeInstanceOf(DomainError);
    expect(outcome).toMatchObject({ code: 'INSIGHT_TIMEOUT', details: { kind: 'TREND', timeoutMs: 200 } });
    // Interrupted, not waited for (the statement alone would run for minutes).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses an answer that arrives after the limit even when no statement was running when it struck', async () => {
    const projectId = await t.insert([{ event: 'view', distinctId: 'a', timestamp: '2026-01-01T00:00:00Z' }]);
    const outcome = await executor(50)
      .run('FUNNEL', request(projectId), async () => {
        await new Promise((r) => setTimeout(r, 150));
        return { done: true };
      })
      .then(
        () => 'answered',
        (e: unknown) => e,
      );
    expect(outcome).toMatchObject({ code: 'INSIGHT_TIMEOUT', details: { kind: 'FUNNEL' } });
  });

  it('answers within the limit, wrapped in the envelope', async () => {
    const projectId = await t.insert([{ event: 'view', distinctId: 'a', timestamp: '2026-01-01T00:00:00Z' }]);
    const result = await executor(10_000).run('TREND', request(projectId), async (runner) => {
      const rows = await runner.rows('SELECT count(*) AS n FROM events WHERE project_id = $1', [projectId]);
      return { n: Number(rows[0]?.['n']) };
    });
    expect(result).toMatchObject({ n: 1, timeZone: 'UTC' });
    expect(result.queryFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
