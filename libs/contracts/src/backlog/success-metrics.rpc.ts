/**
 * Success metrics of backlog items: one number computed by an insight over an evaluation window,
 * compared with a target, evaluated on live data and stored immutably per evaluation. The insight
 * inputs are those of the insights API minus the date range (the window supplies it) and minus a
 * breakdown (a metric is one number). Semantics and a worked example in docs/backlog.md.
 */
import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { closedObject, oneOf, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import { INSIGHT_LIMITS } from '../insights/insight-common';
import { funnelQuerySchema } from '../insights/funnel.query';
import { retentionQuerySchema } from '../insights/retention.query';
import { trendQuerySchema } from '../insights/trend.query';
import { expectedVersion } from './backlog.fields';

export const SUCCESS_METRIC_LIMITS = {
  /** Active (not retired) metrics per item. */
  maxActivePerItem: 5,
  maxNameLength: 200,
  maxReasonLength: 2_000,
  /** Longest evaluation window, and farthest a DELIVERED window may start after delivery. */
  maxWindowDays: 366,
  maxOffsetDays: 366,
  defaultEvaluationsPage: 50,
  maxEvaluationsPage: 200,
} as const;

/** The insight kinds a metric can be computed from. */
export const SUCCESS_METRIC_INSIGHT_KINDS = ['TREND', 'FUNNEL', 'RETENTION'] as const;
export type SuccessMetricInsightKind = (typeof SUCCESS_METRIC_INSIGHT_KINDS)[number];

/**
 * The statistics: which insight each reads and its unit. Rates are percentages (0–100).
 * - `FUNNEL_LAST_STEP_CONVERSION`: persons at the last step / persons at step 0 × 100.
 * - `FUNNEL_STEP_CONVERSION` (`step` ≥ 1): persons at that step / persons at step 0 × 100.
 * - `TREND_TOTAL` (`series`, default 0): the series' total over the window (counts, unique persons, sum, …).
 * - `TREND_MEAN_PER_BUCKET` (`series`): the mean of the series' bucket values (buckets without a value skipped).
 * - `RETENTION_PERIOD_N` (`period` ≥ 1): persons back in period N / size, summed over the cohorts
 *   that reach period N inside the window, × 100.
 */
export const SUCCESS_METRIC_STATISTICS = {
  FUNNEL_LAST_STEP_CONVERSION: { insight: 'FUNNEL', unit: 'PERCENT' },
  FUNNEL_STEP_CONVERSION: { insight: 'FUNNEL', unit: 'PERCENT' },
  TREND_TOTAL: { insight: 'TREND', unit: 'NUMBER' },
  TREND_MEAN_PER_BUCKET: { insight: 'TREND', unit: 'NUMBER' },
  RETENTION_PERIOD_N: { insight: 'RETENTION', unit: 'PERCENT' },
} as const satisfies Record<string, { insight: SuccessMetricInsightKind; unit: 'PERCENT' | 'NUMBER' }>;
export type SuccessMetricStatisticKind = keyof typeof SUCCESS_METRIC_STATISTICS;

/**
 * - `AT_LEAST` / `AT_MOST`: the value against the absolute target.
 * - `INCREASE_BY_PERCENT` / `DECREASE_BY_PERCENT`: the change from the baseline, in percent of the
 *   baseline's magnitude, at least `target` up / down (target ≥ 0). A zero baseline has no relative
 *   change: INSUFFICIENT_DATA.
 */
export const SUCCESS_METRIC_COMPARATORS = ['AT_LEAST', 'AT_MOST', 'INCREASE_BY_PERCENT', 'DECREASE_BY_PERCENT'] as const;
export type SuccessMetricComparator = (typeof SUCCESS_METRIC_COMPARATORS)[number];

/**
 * - `MET` / `NOT_MET`: the value (and baseline) were computed and compared.
 * - `INSUFFICIENT_DATA`: the window has ended (or the baseline has) and the statistic has no value
 *   (nobody entered the funnel, no cohort reached period N, a zero baseline for a relative change).
 * - `PENDING`: not yet decidable: the window has not started, the item has not been delivered (for
 *   a DELIVERED window), or the window is still open and has no value yet.
 */
export const SUCCESS_METRIC_VERDICTS = ['MET', 'NOT_MET', 'INSUFFICIENT_DATA', 'PENDING'] as const;
export type SuccessMetricVerdict = (typeof SUCCESS_METRIC_VERDICTS)[number];

/** Who asked for an evaluation: a person or client (`REQUEST`) or the live re-evaluator (`LIVE`). */
export const SUCCESS_METRIC_TRIGGERS = ['REQUEST', 'LIVE'] as const;
export type SuccessMetricTrigger = (typeof SUCCESS_METRIC_TRIGGERS)[number];

/** Cursor kind of a metric's evaluation history. */
export const SUCCESS_METRIC_EVALUATIONS_CURSOR = 'backlog-metric-evaluations';

// ---------------------------------------------------------------------------------------------
// The definition

/** The kind's query properties without those a metric does not take (the window gives the range). */
function metricQuery<P extends TProperties>(properties: P) {
  const { dateRange: _dateRange, breakdown: _breakdown, ...rest } = properties;
  return closedObject(rest as Omit<P, 'dateRange' | 'breakdown'>);
}
export const trendMetricQuerySchema = metricQuery(trendQuerySchema.properties);
export const funnelMetricQuerySchema = metricQuery(funnelQuerySchema.properties);
export const retentionMetricQuerySchema = metricQuery(retentionQuerySchema.properties);

export const successMetricInsightSchema = Type.Union([
  closedObject({ kind: Type.Literal('TREND'), query: trendMetricQuerySchema }),
  closedObject({ kind: Type.Literal('FUNNEL'), query: funnelMetricQuerySchema }),
  closedObject({ kind: Type.Literal('RETENTION'), query: retentionMetricQuerySchema }),
]);
export type SuccessMetricInsight = Static<typeof successMetricInsightSchema>;

const seriesIndex = () => Type.Integer({ minimum: 0, maximum: INSIGHT_LIMITS.maxSeries - 1 });
export const successMetricStatisticSchema = Type.Union([
  closedObject({ kind: Type.Literal('FUNNEL_LAST_STEP_CONVERSION') }),
  closedObject({ kind: Type.Literal('FUNNEL_STEP_CONVERSION'), step: Type.Integer({ minimum: 1, maximum: INSIGHT_LIMITS.maxFunnelSteps - 1 }) }),
  closedObject({ kind: Type.Literal('TREND_TOTAL'), series: Type.Optional(seriesIndex()) }),
  closedObject({ kind: Type.Literal('TREND_MEAN_PER_BUCKET'), series: Type.Optional(seriesIndex()) }),
  closedObject({ kind: Type.Literal('RETENTION_PERIOD_N'), period: Type.Integer({ minimum: 1, maximum: INSIGHT_LIMITS.maxRetentionPeriods - 1 }) }),
]);
export type SuccessMetricStatistic = Static<typeof successMetricStatisticSchema>;

/** An instant with its offset (RFC 3339). */
const instant = () => Type.String({ format: 'date-time', maxLength: 40 });

/**
 * The evaluation window:
 * - `DELIVERED`: `days` × 24 h starting `offsetDays` × 24 h (default 0) after the moment the item
 *   last reached DELIVERED;
 * - `FIXED`: `[from, to)`.
 */
export const successMetricWindowSchema = Type.Union([
  closedObject({
    anchor: Type.Literal('DELIVERED'),
    days: Type.Integer({ minimum: 1, maximum: SUCCESS_METRIC_LIMITS.maxWindowDays }),
    offsetDays: Type.Optional(Type.Integer({ minimum: 0, maximum: SUCCESS_METRIC_LIMITS.maxOffsetDays })),
  }),
  closedObject({ anchor: Type.Literal('FIXED'), from: instant(), to: instant() }),
]);
export type SuccessMetricWindow = Static<typeof successMetricWindowSchema>;

export const instantRangeSchema = closedObject({ from: instant(), to: instant() });
export type InstantRange = Static<typeof instantRangeSchema>;

export const successMetricDefinitionSchema = closedObject({
  name: Type.String({ minLength: 1, maxLength: SUCCESS_METRIC_LIMITS.maxNameLength, pattern: '\\S' }),
  insight: successMetricInsightSchema,
  /** Must read the insight's kind (FUNNEL_* for a funnel, …): checked by the service (VALIDATION_FAILED). */
  statistic: successMetricStatisticSchema,
  comparator: oneOf(SUCCESS_METRIC_COMPARATORS),
  /** Absolute for AT_LEAST/AT_MOST (in the statistic's unit), a percentage ≥ 0 for the relative comparators. */
  target: Type.Number({ minimum: -1e15, maximum: 1e15 }),
  window: successMetricWindowSchema,
  /**
   * Relative comparators only: the baseline window. Default: as long as the window evaluated,
   * ending where it starts.
   */
  baseline: Type.Optional(instantRangeSchema),
  /** IANA time zone of calendar buckets and cohorts (default `UTC`; the gateway passes the project's). */
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type SuccessMetricDefinition = Static<typeof successMetricDefinitionSchema>;

// ---------------------------------------------------------------------------------------------
// Requests


/** Bumps the item's version. At most SUCCESS_METRIC_LIMITS.maxActivePerItem active metrics per item. */
export const defineSuccessMetricRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  expectedVersion: expectedVersion(),
  definition: successMetricDefinitionSchema,
});
export type DefineSuccessMetricRequest = Static<typeof defineSuccessMetricRequestSchema>;

/** Replaces the definition (past evaluations keep the definition they were computed with). */
export const editSuccessMetricRequestSchema = closedObject({
  projectId: uuid(),
  metricId: uuid(),
  expectedVersion: expectedVersion(),
  definition: successMetricDefinitionSchema,
});
export type EditSuccessMetricRequest = Static<typeof editSuccessMetricRequestSchema>;

/** Metrics are retired, never deleted: a retired metric keeps its history and no longer gates acceptance. */
export const retireSuccessMetricRequestSchema = closedObject({
  projectId: uuid(),
  metricId: uuid(),
  expectedVersion: expectedVersion(),
  reason: Type.String({ minLength: 1, maxLength: SUCCESS_METRIC_LIMITS.maxReasonLength, pattern: '\\S' }),
});
export type RetireSuccessMetricRequest = Static<typeof retireSuccessMetricRequestSchema>;

/** An item's metrics: active ones first (defined order), then retired ones; each with its latest evaluation. */
export const listSuccessMetricsRequestSchema = closedObject({ projectId: uuid(), itemId: uuid() });
export type ListSuccessMetricsRequest = Static<typeof listSuccessMetricsRequestSchema>;

/** Evaluates every active metric of the item now and stores each evaluation. */
export const evaluateSuccessMetricsRequestSchema = closedObject({ projectId: uuid(), itemId: uuid() });
export type EvaluateSuccessMetricsRequest = Static<typeof evaluateSuccessMetricsRequestSchema>;

/** A metric's evaluations, newest first (evaluated, then id). */
export const listSuccessMetricEvaluationsRequestSchema = closedObject({
  projectId: uuid(),
  metricId: uuid(),
  ...pageRequestProperties(SUCCESS_METRIC_LIMITS.maxEvaluationsPage),
});
export type ListSuccessMetricEvaluationsRequest = Static<typeof listSuccessMetricEvaluationsRequestSchema>;

/**
 * Recomputes a stored evaluation exactly as it was made (its definition, ranges and data version)
 * and compares; stores nothing. The proof that an evaluation is reproducible.
 */
export const reevaluateSuccessMetricAtRequestSchema = closedObject({ projectId: uuid(), evaluationId: uuid() });
export type ReevaluateSuccessMetricAtRequest = Static<typeof reevaluateSuccessMetricAtRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Replies

export interface SuccessMetricEvaluationDto {
  id: string;
  metricId: string;
  itemId: string;
  projectId: string;
  /** The metric's revision (1, 2, … with each edit) and its definition as evaluated. */
  metricRevision: number;
  definition: SuccessMetricDefinition;
  verdict: SuccessMetricVerdict;
  /** The statistic over `range`; null when it has none. */
  value: number | null;
  /** The statistic over `baselineRange` (relative comparators); null otherwise or when it has none. */
  baseline: number | null;
  /** (value − baseline) × 100 / |baseline|; null without both or with a zero baseline. */
  changePercent: number | null;
  comparator: SuccessMetricComparator;
  target: number;
  /** The whole window; null when it cannot be placed yet (DELIVERED window of an item not delivered). */
  window: InstantRange | null;
  /** The part of the window evaluated: from its start to the earlier of its end and the evaluation time; null when nothing was queried. */
  range: InstantRange | null;
  baselineRange: InstantRange | null;
  /** True when `range` is the whole window (the value will not move with time, only with late data). */
  windowComplete: boolean;
  /** The data version both insights were computed at; null when nothing was queried. */
  dataVersion: string | null;
  queryFingerprint: string | null;
  baselineQueryFingerprint: string | null;
  /** Why the verdict is PENDING or INSUFFICIENT_DATA, in a sentence; null otherwise. */
  reason: string | null;
  trigger: SuccessMetricTrigger;
  evaluatedAt: string;
  /** Actor id from the request envelope (`service:backlog` for live re-evaluations). */
  evaluatedBy: string;
  evaluatedByName: string | null;
}

export interface SuccessMetricRetirementDto {
  at: string;
  by: string;
  reason: string;
}

export interface SuccessMetricDto {
  id: string;
  projectId: string;
  itemId: string;
  definition: SuccessMetricDefinition;
  revision: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  retirement: SuccessMetricRetirementDto | null;
  latestEvaluation: SuccessMetricEvaluationDto | null;
}

export interface SuccessMetricChangeReply {
  metric: SuccessMetricDto;
  /** The item's version after the change. */
  itemVersion: number;
}

export interface ListSuccessMetricsReply {
  metrics: SuccessMetricDto[];
}

export interface EvaluateSuccessMetricsReply {
  /** One per active metric, in the metrics' order. */
  evaluations: SuccessMetricEvaluationDto[];
}

export type ListSuccessMetricEvaluationsReply = Page<SuccessMetricEvaluationDto>;

export interface ReevaluateSuccessMetricAtReply {
  /** The stored evaluation. */
  evaluation: SuccessMetricEvaluationDto;
  /** The same computation again, at the stored data version. */
  recomputed: {
    verdict: SuccessMetricVerdict;
    value: number | null;
    baseline: number | null;
    dataVersion: string | null;
    queryFingerprint: string | null;
    baselineQueryFingerprint: string | null;
  };
  /** Value, baseline and verdict are equal to the stored ones. */
  same: boolean;
}
