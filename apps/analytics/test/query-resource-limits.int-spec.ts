import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { type CanonicalEvent, DomainError, type ErrorCode, RPC, SUBJECTS } from '@fulcrum/contracts';
import type { RpcClient } from '@fulcrum/messaging';
import type { RunningAnalytics } from '../src/analytics.bootstrap';
import type { AnalyticsConfig } from '../src/config/analytics.env';
import { DuckDbDatabase } from '../src/duckdb/duckdb.database';
import { InsightExecutor } from '../src/insights/insight.executor';
import { type AnalyticsServiceHarness, startAnalyticsService } from './support/analytics-service.harness';

const MIB = 1024 * 1024;
/** Small, so that the hungry queries reach it quickly and safely on a shared 2-core machine. */
const MEMORY_LIMIT = 512 * MIB;

/**
 * The analytics service for real (real nats-server, real DuckDB file, 512 MiB memory_limit) while
 * memory-hungry sandbox queries run: each ends in a coded error within its time limit, the process
 * stays up and bounded, and the event consumer keeps applying what is published meanwhile (the data
 * version advances, every event is stored, none is set aside).
 */
describe('query resource limits (analytics service under hungry queries)', () => {
  const projectId = randomUUID();
  let h: AnalyticsServiceHarness;
  let analytics: RunningAnalytics;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let config: AnalyticsConfig;

  const publisher = { running: false, events: 0, lastSeq: 0, loop: Promise.resolve() };
  let peakRssBytes = 0;
  let rssTimer: NodeJS.Timeout | undefined;

  /** Publishes a batch of 20 new events every 50 ms until stopped (like ingest, one message per batch). */
  function startPublishing(): void {
    publisher.running = true;
    const js = nc.jetstream();
    publisher.loop = (async () => {
      while (publisher.running) {
        const events: CanonicalEvent[] = Array.from({ length: 20 }, (_, i) => ({
          id: randomUUID(),
          projectId,
          type: 'track',
          event: i % 2 === 0 ? 'viewed' : 'clicked',
          userId: `user-${i % 7}`,
          timestamp: '2026-03-01T10:00:00.000Z',
          receivedAt: '2026-03-01T10:00:00.000Z',
          properties: { i },
          context: {},
        }));
        const ack = await js.publish(SUBJECTS.eventsAccepted, Buffer.from(JSON.stringify({ v: 1, batchId: randomUUID(), projectId, events })));
        publisher.events += events.length;
        publisher.lastSeq = ack.seq;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
  }

  async function stopPublishing(): Promise<void> {
    publisher.running = false;
    await publisher.loop;
  }

  const dataVersion = async (): Promise<bigint> => BigInt((await rpc.request(RPC.analyticsEventCatalogGet, { projectId })).dataVersion);

  async function settled(seq: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await dataVersion()) < BigInt(seq)) {
      if (Date.now() > deadline) throw new Error(`data version stuck below ${seq}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The coded error of a sandboxed query over NATS, and how long the caller waited for it. */
  async function sqlError(query: string, timeoutMs: number): Promise<{ code: ErrorCode; details: Record<string, unknown> | undefined; ms: number }> {
    const started = Date.now();
    try {
      await rpc.request(RPC.analyticsSqlRun, { projectId, query, timeoutMs });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { code: error.code, details: error.details, ms: Date.now() - started };
    }
    throw new Error(`${query} answered instead of failing`);
  }

  beforeAll(async () => {
    // The gateway's RPC timeout: a query that outlived it would come back as SERVICE_UNAVAILABLE.
    h = await startAnalyticsService({ maxMessagesPerBatch: 50, duckdbLimits: { memoryLimitBytes: MEMORY_LIMIT, maxTempDirectorySizeBytes: 256 * MIB } }, 15_000);
    ({ analytics, nc, rpc, config } = h);
    rssTimer = setInterval(() => {
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    }, 20);
  });

  afterAll(async () => {
    clearInterval(rssTimer);
    await stopPublishing();
    await h?.stop();
  });

  it('ends each hungry query in a coded error on time while the consumer keeps applying events', async () => {
    startPublishing();
    while (publisher.lastSeq === 0) await new Promise((r) => setTimeout(r, 10));
    await settled(publisher.lastSeq);
    const hungry: Array<{ query: string; timeoutMs: number; codes: ErrorCode[] }> = [
      // Refused before running: DuckDB would build the list in one call, past memory_limit and interrupt().
      { query: 'SELECT len(range(500000000))', timeoutMs: 10_000, codes: ['RESOURCE_EXHAUSTED'] },
      { query: 'SELECT count(*) FROM (SELECT unnest(range(100000000)))', timeoutMs: 10_000, codes: ['RESOURCE_EXHAUSTED'] },
      // Stopped by memory_limit (or by the time limit first on a busy machine).
      { query: "SELECT length(string_agg(repeat('x', 1000), '')) FROM range(2000000)", timeoutMs: 10_000, codes: ['RESOURCE_EXHAUSTED', 'SQL_TIMEOUT'] },
      // Fills the whole buffer pool with memory that cannot be spilled: the writer's allocations
      // would fail meanwhile if reads did not give way to it.
      { query: 'SELECT len(list(range)) FROM range(100000000)', timeoutMs: 10_000, codes: ['RESOURCE_EXHAUSTED', 'SQL_TIMEOUT'] },
      // Spills to the temp directory until the time limit.
      { query: 'SELECT count(*) FROM (SELECT range % 40000000 AS k, count(*) FROM range(80000000) GROUP BY k)', timeoutMs: 3_000, codes: ['SQL_TIMEOUT', 'RESOURCE_EXHAUSTED'] },
    ];
    for (const { query, timeoutMs, codes } of hungry) {
      const before = await dataVersion();
      const seqBefore = publisher.lastSeq;
      // The data version as seen while the query runs (the catalog is a small read of its own).
      const during = { running: true, max: before };
      const sampler = (async () => {
        while (during.running) {
          // The catalog read may itself be refused for memory while the hungry query holds it (a coded
          // RESOURCE_EXHAUSTED, never INTERNAL): that sample is skipped, the next one counts.
          const v = await dataVersion().catch((error: unknown) => {
            if (error instanceof DomainError && error.code === 'RESOURCE_EXHAUSTED') return during.max;
            throw error;
          });
          if (v > during.max) during.max = v;
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const { code, details, ms } = await sqlError(query, timeoutMs);
      during.running = false;
      await sampler;
      expect([query, codes.includes(code)]).toEqual([query, true]);
      if (code === 'RESOURCE_EXHAUSTED') expect(details).toMatchObject({ resource: 'memory' });
      // Answered at the limit, not when DuckDB got round to stopping; well before the 15 s RPC timeout.
      expect(ms).toBeLessThan(timeoutMs + 1_500);
      // A query that ran for seconds did not hold the consumer back meanwhile.
      if (ms > 1_500) expect([query, during.max > before]).toEqual([query, true]);
      // And what was published while it ran is applied.
      while (publisher.lastSeq === seqBefore) await new Promise((r) => setTimeout(r, 10));
      await settled(publisher.lastSeq);
      expect((await dataVersion()) > before).toBe(true);
    }

    // Two at once.
    const before = await dataVersion();
    const both = await Promise.all([
      sqlError('SELECT len(list(range)) FROM range(100000000)', 10_000),
      sqlError("SELECT length(string_agg(repeat('x', 1000), '')) FROM range(2000000)", 10_000),
    ]);
    expect(both.map((r) => ['RESOURCE_EXHAUSTED', 'SQL_TIMEOUT'].includes(r.code))).toEqual([true, true]);
    await settled(publisher.lastSeq);
    expect((await dataVersion()) > before).toBe(true);

    // An ordinary query still works.
    const ok = await rpc.request(RPC.analyticsSqlRun, { projectId, query: "SELECT count(*) > 0 AS any FROM events WHERE event = 'viewed'" });
    expect(ok.rows).toEqual([[true]]);

    await stopPublishing();
    await settled(publisher.lastSeq);
    // Every published event is stored, none set aside, no message refused.
    const catalog = await rpc.request(RPC.analyticsEventCatalogGet, { projectId });
    expect(catalog.totalEvents).toBe(publisher.events);
    const db = analytics.app.get(DuckDbDatabase);
    const setAside = await db.read(async (c) =>
      (await c.runAndReadAll('SELECT (SELECT count(*) FROM rejected_events) + (SELECT count(*) FROM rejected_messages) AS n')).getRowsJS()[0][0],
    );
    expect(Number(setAside)).toBe(0);
    // The process stayed up and bounded: memory_limit plus what DuckDB and Node use outside it.
    expect(peakRssBytes).toBeLessThan(3 * 1024 * MIB);
  });

  it('answers an insight that reaches the memory limit with RESOURCE_EXHAUSTED', async () => {
    const executor = new InsightExecutor(analytics.app.get(DuckDbDatabase), { ...config, insightTimeoutMs: 10_000 });
    const outcome = await executor
      .run('TREND', { projectId, timeZone: 'UTC', query: {} }, async (runner) => {
        await runner.rows('SELECT len(list(range)) AS n FROM range(100000000)', []);
        return { done: true };
      })
      .then(
        () => 'answered',
        (e: unknown) => e,
      );
    expect(outcome).toBeInstanceOf(DomainError);
    expect(outcome).toMatchObject({ code: 'RESOURCE_EXHAUSTED', details: { kind: 'TREND', resource: 'memory', limitBytes: MEMORY_LIMIT } });
    expect((outcome as DomainError).message).toMatch(/^The TREND insight needed more memory than the analytics store allows \(512 MiB, shared by all queries\)/);
  });
});
