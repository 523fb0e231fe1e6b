import type { FunnelReply, SuccessMetricDefinition } from '@fulcrum/contracts';
import { type MetricInsightRequest, computeEvaluation } from './metric.evaluator';
import { planEvaluation } from './metric-window.planner';

/**
 * The worked example of docs/backlog.md "Success metrics", as a test: the numbers in the docs are
 * these. A checkout redesign is delivered on 2 March 2026 at 09:00 UTC; its success metric is
 * "checkout conversion (cart viewed → order paid) up at least 20 % in the 14 days after delivery,
 * compared with the 14 days before".
 */
const checkout: SuccessMetricDefinition = {
  name: 'Checkout conversion up 20 %',
  insight: { kind: 'FUNNEL', query: { steps: [{ event: 'cart_viewed' }, { event: 'order_paid' }], conversionWindow: { value: 1, unit: 'DAY' } } },
  statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
  comparator: 'INCREASE_BY_PERCENT',
  target: 20,
  window: { anchor: 'DELIVERED', days: 14 },
};
const deliveredAt = new Date('2026-03-02T09:00:00.000Z');
const projectId = '7a1c0f52-1b8f-4e55-9a37-333333333333';

/** Analytics as the example has it: 250 carts → 110 paid after delivery, 200 → 70 before. */
function analytics(funnels: Record<string, [number, number]>) {
  const requests: MetricInsightRequest[] = [];
  const fetch = async (request: MetricInsightRequest): Promise<FunnelReply> => {
    requests.push(request);
    const from = (request.query['dateRange'] as { from: string }).from;
    const [entered, paid] = funnels[from] ?? [0, 0];
    const step = (index: number, count: number) => ({
      index,
      event: index === 0 ? 'cart_viewed' : 'order_paid',
      count,
      conversionRateFromFirst: entered ? count / entered : 0,
      conversionRateFromPrevious: index === 0 ? 1 : entered ? count / entered : 0,
      medianTimeToConvertSeconds: null,
      averageTimeToConvertSeconds: null,
      droppedOff: index === 0 ? entered - paid : 0,
    });
    return {
      dataVersion: request.asOfDataVersion ?? '4242',
      queryFingerprint: `sha256:${from.startsWith('2026-03') ? 'a'.repeat(64) : 'b'.repeat(64)}`,
      timeZone: request.timeZone,
      steps: [step(0, entered), step(1, paid)],
      breakdowns: [],
    };
  };
  return { fetch, requests };
}

describe('worked example: checkout conversion up 20 % in the 14 days after delivery', () => {
  const counts: Record<string, [number, number]> = {
    '2026-03-02T09:00:00.000Z': [250, 110], // window: 44 %
    '2026-02-16T09:00:00.000Z': [200, 70], // baseline: 35 %
  };

  it('is MET on 20 March: 44 % against a 35 % baseline is +25.71 %', async () => {
    const { fetch, requests } = analytics(counts);
    const plan = planEvaluation(checkout, deliveredAt, new Date('2026-03-20T12:00:00.000Z'));
    const evaluation = await computeEvaluation(checkout, projectId, plan, fetch);

    expect(evaluation).toEqual({
      verdict: 'MET',
      value: 44,
      baseline: 35,
      changePercent: 25.714285714285715,
      reason: null,
      window: { from: '2026-03-02T09:00:00.000Z', to: '2026-03-16T09:00:00.000Z' },
      range: { from: '2026-03-02T09:00:00.000Z', to: '2026-03-16T09:00:00.000Z' },
      baselineRange: { from: '2026-02-16T09:00:00.000Z', to: '2026-03-02T09:00:00.000Z' },
      windowComplete: true,
      dataVersion: '4242',
      queryFingerprint: `sha256:${'a'.repeat(64)}`,
      baselineQueryFingerprint: `sha256:${'b'.repeat(64)}`,
    });
    // The window is the funnel's date range; the baseline is asked at the window's data version.
    expect(requests).toEqual([
      {
        projectId,
        timeZone: 'UTC',
        kind: 'FUNNEL',
        query: { ...checkout.insight.query, dateRange: { from: '2026-03-02T09:00:00.000Z', to: '2026-03-16T09:00:00.000Z' } },
      },
      {
        projectId,
        timeZone: 'UTC',
        kind: 'FUNNEL',
        asOfDataVersion: '4242',
        query: { ...checkout.insight.query, dateRange: { from: '2026-02-16T09:00:00.000Z', to: '2026-03-02T09:00:00.000Z' } },
      },
    ]);
  });

  it('is NOT_MET against an absolute target of 45 %', async () => {
    const atLeast45: SuccessMetricDefinition = { ...checkout, comparator: 'AT_LEAST', target: 45 };
    const plan = planEvaluation(atLeast45, deliveredAt, new Date('2026-03-20T12:00:00.000Z'));
    const evaluation = await computeEvaluation(atLeast45, projectId, plan, analytics(counts).fetch);
    expect(evaluation).toMatchObject({ verdict: 'NOT_MET', value: 44, baseline: null, changePercent: null, baselineRange: null });
  });

  it('is PENDING before delivery and while nobody has entered the open window; INSUFFICIENT_DATA if nobody did by its end', async () => {
    const notDelivered = await computeEvaluation(checkout, projectId, planEvaluation(checkout, null, new Date('2026-03-01T00:00:00Z')), analytics(counts).fetch);
    expect(notDelivered).toMatchObject({ verdict: 'PENDING', dataVersion: null, window: null });

    const empty = analytics({});
    const early = await computeEvaluation(checkout, projectId, planEvaluation(checkout, deliveredAt, new Date('2026-03-05T09:00:00.000Z')), empty.fetch);
    expect(early).toMatchObject({
      verdict: 'PENDING',
      value: null,
      range: { from: '2026-03-02T09:00:00.000Z', to: '2026-03-05T09:00:00.000Z' },
      // three days evaluated, three days of baseline
      baselineRange: { from: '2026-02-27T09:00:00.000Z', to: '2026-03-02T09:00:00.000Z' },
      windowComplete: false,
      reason: 'Nobody entered the funnel (step 0) in the window.',
    });
    const late = await computeEvaluation(checkout, projectId, planEvaluation(checkout, deliveredAt, new Date('2026-04-01T00:00:00Z')), empty.fetch);
    expect(late).toMatchObject({ verdict: 'INSUFFICIENT_DATA', windowComplete: true });
  });
});
