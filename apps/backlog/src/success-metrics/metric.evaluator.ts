import type { InstantRange, SuccessMetricDefinition, SuccessMetricInsightKind, SuccessMetricVerdict } from '@fulcrum/contracts';
import { type InsightReplies, type StatisticValue, extractStatistic } from './metric-statistic.registry';
import { decideVerdict } from './metric-verdict.rule';
import { type EvaluationPlan, type TimeRange, toInstantRange } from './metric-window.planner';

/** One insight request as the analytics RPCs take it (the metric's query with the range filled in). */
export interface MetricInsightRequest {
  projectId: string;
  timeZone: string;
  asOfDataVersion?: string;
  kind: SuccessMetricInsightKind;
  query: Record<string, unknown>;
}

/** Asks analytics for one insight (the real one goes over NATS; tests pass a function). */
export type InsightFetcher = (request: MetricInsightRequest) => Promise<InsightReplies[SuccessMetricInsightKind]>;

/** Everything an evaluation stores apart from who, when and which metric. */
export interface ComputedEvaluation {
  verdict: SuccessMetricVerdict;
  value: number | null;
  baseline: number | null;
  changePercent: number | null;
  reason: string | null;
  window: InstantRange | null;
  range: InstantRange | null;
  baselineRange: InstantRange | null;
  windowComplete: boolean;
  dataVersion: string | null;
  queryFingerprint: string | null;
  baselineQueryFingerprint: string | null;
}

/**
 * Computes one metric for a plan. The value is asked first (at `asOfDataVersion`, default the
 * current version) and the baseline at exactly the version the value came back with, so both
 * numbers rest on the same data and the stored data version reproduces both. A PENDING plan asks
 * nothing.
 */
export async function computeEvaluation(
  definition: SuccessMetricDefinition,
  projectId: string,
  plan: EvaluationPlan,
  fetch: InsightFetcher,
  asOfDataVersion?: string,
): Promise<ComputedEvaluation> {
  if (plan.kind === 'PENDING') {
    return {
      verdict: 'PENDING',
      value: null,
      baseline: null,
      changePercent: null,
      reason: plan.reason,
      window: plan.window && toInstantRange(plan.window),
      range: null,
      baselineRange: null,
      windowComplete: false,
      dataVersion: null,
      queryFingerprint: null,
      baselineQueryFingerprint: null,
    };
  }
  const ask = (range: TimeRange, version: string | undefined) =>
    fetch({
      projectId,
      timeZone: definition.timeZone ?? 'UTC',
      kind: definition.insight.kind,
      query: { ...definition.insight.query, dateRange: toInstantRange(range) },
      ...(version === undefined ? {} : { asOfDataVersion: version }),
    });
  const valueReply = await ask(plan.range, asOfDataVersion);
  const value = extractStatistic(definition.statistic, valueReply);
  let baseline: StatisticValue | null = null;
  let baselineQueryFingerprint: string | null = null;
  if (plan.baselineRange) {
    const baselineReply = await ask(plan.baselineRange, valueReply.dataVersion);
    baseline = extractStatistic(definition.statistic, baselineReply);
    baselineQueryFingerprint = baselineReply.queryFingerprint;
  }
  const outcome = decideVerdict({ comparator: definition.comparator, target: definition.target, value, baseline, windowComplete: plan.windowComplete });
  return {
    verdict: outcome.verdict,
    value: value.value,
    baseline: baseline?.value ?? null,
    changePercent: outcome.changePercent,
    reason: outcome.reason,
    window: toInstantRange(plan.window),
    range: toInstantRange(plan.range),
    baselineRange: plan.baselineRange && toInstantRange(plan.baselineRange),
    windowComplete: plan.windowComplete,
    dataVersion: valueReply.dataVersion,
    queryFingerprint: valueReply.queryFingerprint,
    baselineQueryFingerprint,
  };
}
