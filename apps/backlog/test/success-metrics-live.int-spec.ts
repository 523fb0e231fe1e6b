import { RPC, type SuccessMetricEvaluationDto } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { type AnalyticsBackedHarness, startAnalyticsBackedHarness } from './support/analytics-backed.harness';

const INTERVAL_SECONDS = 3;
/**
 * The interval is kept between claims; `evaluatedAt` is stamped when an evaluation is stored, after
 * its insight queries, which take longer under load. Two stamps can therefore be closer than the
 * interval by one evaluation's duration: allowed up to this much (a scheduler that ignored the
 * interval would evaluate every time the data version moves, every 300 ms here).
 */
const EVALUATION_DURATION_TOLERANCE_MS = 1_000;

/**
 * Live re-evaluation: a delivered item's metrics are evaluated again by the service itself
 * (`service:backlog`) when the analytics data version advances, never more often than the interval.
 */
describe.each(databaseKinds())('live success-metric re-evaluation on %s (real nats-server, real analytics)', (kind: DatabaseKind) => {
  let h: AnalyticsBackedHarness;
  let projectId: string;

  beforeAll(async () => {
    h = await startAnalyticsBackedHarness(kind, { metricReevaluationIntervalSeconds: INTERVAL_SECONDS });
    ({ projectId } = h.backlog.newProject('LIVE'));
  });
  afterAll(() => h?.stop());

  const liveEvaluations = async (metricId: string): Promise<SuccessMetricEvaluationDto[]> => {
    const page = await h.backlog.rpc.request(RPC.backlogSuccessMetricsEvaluationsList, { projectId, metricId, first: 200 });
    return page.edges.map((e) => e.node).filter((e) => e.trigger === 'LIVE').reverse();
  };
  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ping = (timestamp: Date) => ({ event: 'ping', userId: 'p1', timestamp: timestamp.toISOString() });

  it('evaluates a delivered item after the data version advances, as service:backlog, at most once per interval', async () => {
    let item = await h.backlog.createItem(projectId, { title: 'Live', state: 'BACKLOG' });
    const { metric, itemVersion } = await h.backlog.rpc.request(RPC.backlogSuccessMetricsDefine, {
      projectId,
      itemId: item.id,
      expectedVersion: item.version,
      definition: {
        name: 'At least 3 pings in the first day',
        insight: { kind: 'TREND', query: { series: [{ event: 'ping' }], interval: 'HOUR' } },
        statistic: { kind: 'TREND_TOTAL' },
        comparator: 'AT_LEAST',
        target: 3,
        window: { anchor: 'DELIVERED', days: 1 },
      },
    });
    item = { ...item, version: itemVersion };
    // Not delivered: never re-evaluated, however the data moves.
    await h.settled(await h.publish(projectId, [ping(new Date())]));
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_SECONDS * 1000));
    expect(await liveEvaluations(metric.id)).toEqual([]);

    for (const state of ['STARTED', 'FINISHED', 'DELIVERED'] as const) item = await h.move({ ...item, projectId }, state);
    const deliveredAt = Date.parse(item.deliveredAt ?? '');
    // First pass after delivery: never claimed before, so due at once.
    const first = await waitFor('the first live evaluation', async () => (await liveEvaluations(metric.id))[0]);
    expect(first).toMatchObject({ trigger: 'LIVE', evaluatedBy: 'service:backlog', verdict: 'NOT_MET', value: 0, windowComplete: false });

    // Three pings after delivery, sent in quick succession: the data version moves three times.
    for (let i = 1; i <= 3; i += 1) {
      await h.settled(await h.publish(projectId, [ping(new Date(deliveredAt + i))]));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const met = await waitFor('a live evaluation that sees all three pings', async () => (await liveEvaluations(metric.id)).find((e) => e.value === 3));
    expect(met).toMatchObject({ verdict: 'MET', evaluatedBy: 'service:backlog' });

    // Quiet data: no new evaluation even after more than an interval.
    const count = (await liveEvaluations(metric.id)).length;
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_SECONDS * 1000 + 1000));
    const all = await liveEvaluations(metric.id);
    expect(all).toHaveLength(count);
    // Never twice within an interval, although the data version moved every 300 ms.
    for (let i = 1; i < all.length; i += 1) {
      const gap = Date.parse(all[i]?.evaluatedAt ?? '') - Date.parse(all[i - 1]?.evaluatedAt ?? '');
      expect(gap).toBeGreaterThanOrEqual(INTERVAL_SECONDS * 1000 - EVALUATION_DURATION_TOLERANCE_MS);
    }
    // Each live evaluation is on the item's activity (and so on the audit trail) as the service.
    const history = (await h.backlog.rpc.request(RPC.backlogHistoryList, { projectId, itemId: item.id, first: 200 })).edges.map((e) => e.node);
    expect(history.filter((a) => a.action === 'metric.evaluated' && a.actor === 'service:backlog')).toHaveLength(all.length);
  });
});
