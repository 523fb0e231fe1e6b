import {
  DomainError,
  type InstantRange as InstantRangeDto,
  SUCCESS_METRIC_STATISTICS,
  type SuccessMetricChangeReply,
  type SuccessMetricDefinition as SuccessMetricDefinitionDto,
  type SuccessMetricDto,
  type SuccessMetricEvaluationDto,
  type SuccessMetricInsight,
  type SuccessMetricStatistic as SuccessMetricStatisticDto,
  type SuccessMetricStatisticKind,
  type SuccessMetricWindow as SuccessMetricWindowDto,
  type ReevaluateSuccessMetricAtReply,
} from '@fulcrum/contracts';
import { toJson } from '../governance/json.scalar';
import { toIsoInstant } from '../governance/iso-instant';
import { toFunnelQuery } from '../insights/funnel.mapper';
import { toRetentionQuery } from '../insights/retention.mapper';
import { type WithoutNulls, stripNulls } from '../insights/strip-nulls';
import { toTrendQuery } from '../insights/trend.mapper';
import type { SuccessMetricWindowAnchor } from './backlog.enums';
import type { SuccessMetricDefinitionInput, SuccessMetricInsightInput, SuccessMetricStatisticInput, SuccessMetricWindowInput } from './success-metrics.input';
import type {
  InstantRange,
  SuccessMetric,
  SuccessMetricChange,
  SuccessMetricDefinition,
  SuccessMetricEvaluation,
  SuccessMetricReproduction,
  SuccessMetricStatistic,
  SuccessMetricWindow,
} from './success-metrics.model';

const AT = 'definition.';

/** Which of an input's optional fields a variant (statistic kind, window anchor) requires and allows. */
interface VariantFields<F extends string> {
  readonly required: readonly F[];
  readonly optional: readonly F[];
}

type StatisticField = 'step' | 'series' | 'period';
const STATISTIC_FIELDS = {
  FUNNEL_LAST_STEP_CONVERSION: { required: [], optional: [] },
  FUNNEL_STEP_CONVERSION: { required: ['step'], optional: [] },
  TREND_TOTAL: { required: [], optional: ['series'] },
  TREND_MEAN_PER_BUCKET: { required: [], optional: ['series'] },
  RETENTION_PERIOD_N: { required: ['period'], optional: [] },
} as const satisfies Record<SuccessMetricStatisticKind, VariantFields<StatisticField>>;

type WindowField = 'days' | 'offsetDays' | 'from' | 'to';
const WINDOW_FIELDS = {
  DELIVERED: { required: ['days'], optional: ['offsetDays'] },
  FIXED: { required: ['from', 'to'], optional: [] },
} as const satisfies Record<SuccessMetricWindowAnchor, VariantFields<WindowField>>;

/**
 * The fields of `values` the variant takes; VALIDATION_FAILED naming the field when a required one
 * is missing or one the variant does not take is given (the contract's unions would only say "no
 * variant matched").
 */
function variantFields<F extends string, V>(variant: string, spec: VariantFields<F>, values: Partial<Record<F, V>>, at: string): Partial<Record<F, V>> {
  const taken = [...spec.required, ...spec.optional];
  const out: Partial<Record<F, V>> = {};
  for (const field of Object.keys(values) as F[]) {
    if (!taken.includes(field)) throw new DomainError('VALIDATION_FAILED', `${at}${field} is not taken by ${variant}.`, { field: `${at}${field}` });
    out[field] = values[field];
  }
  for (const field of spec.required) {
    if (out[field] === undefined) throw new DomainError('VALIDATION_FAILED', `${at}${field} is required for ${variant}.`, { field: `${at}${field}` });
  }
  return out;
}

function toRange(range: WithoutNulls<{ from: Date; to: Date }>, at: string): InstantRangeDto {
  return { from: toIsoInstant(range.from, `${at}from`), to: toIsoInstant(range.to, `${at}to`) };
}

/**
 * The insight of a metric: the insights API's own mappers, whose range the window replaces (so the
 * placeholder range they are given is dropped again).
 */
function toMetricInsight(insight: WithoutNulls<SuccessMetricInsightInput>): SuccessMetricInsight {
  const given = (['trend', 'funnel', 'retention'] as const).filter((field) => insight[field] !== undefined);
  if (given.length !== 1) {
    throw new DomainError('VALIDATION_FAILED', `${AT}insight must set exactly one of trend, funnel, retention; ${given.length === 0 ? 'none is set' : `${given.join(' and ')} are set`}.`, {
      field: `${AT}insight`,
      given,
    });
  }
  const noRange = { from: '', to: '' };
  if (insight.trend) {
    const { dateRange: _range, breakdown: _breakdown, ...query } = toTrendQuery({ ...insight.trend, ...noRange }, `${AT}insight.trend.`);
    return { kind: 'TREND', query };
  }
  if (insight.funnel) {
    const { dateRange: _range, breakdown: _breakdown, ...query } = toFunnelQuery({ ...insight.funnel, ...noRange }, `${AT}insight.funnel.`);
    return { kind: 'FUNNEL', query };
  }
  const retention = insight.retention as NonNullable<typeof insight.retention>;
  const { dateRange: _range, breakdown: _breakdown, ...query } = toRetentionQuery({ ...retention, ...noRange }, `${AT}insight.retention.`);
  return { kind: 'RETENTION', query };
}

function toStatistic(s: WithoutNulls<SuccessMetricStatisticInput>): SuccessMetricStatisticDto {
  const { kind, ...values } = s;
  // The contract's union member of `kind` has exactly the fields STATISTIC_FIELDS gives it.
  return { kind, ...variantFields(kind, STATISTIC_FIELDS[kind], values, `${AT}statistic.`) } as SuccessMetricStatisticDto;
}

function toWindow(w: WithoutNulls<SuccessMetricWindowInput>): SuccessMetricWindowDto {
  const { anchor, ...values } = w;
  const fields = variantFields(anchor, WINDOW_FIELDS[anchor], values, `${AT}window.`);
  if (anchor === 'FIXED') return { anchor, ...toRange({ from: fields.from as Date, to: fields.to as Date }, `${AT}window.`) };
  return { anchor, days: fields.days as number, ...(fields.offsetDays !== undefined && { offsetDays: fields.offsetDays as number }) };
}

/** A GraphQL definition → the contract's, computed in `timeZone` (the project's). */
export function toSuccessMetricDefinitionRequest(input: SuccessMetricDefinitionInput, timeZone: string): SuccessMetricDefinitionDto {
  const d = stripNulls(input);
  return {
    name: d.name,
    insight: toMetricInsight(d.insight),
    statistic: toStatistic(d.statistic),
    comparator: d.comparator,
    target: d.target,
    window: toWindow(d.window),
    ...(d.baseline && { baseline: toRange(d.baseline, `${AT}baseline.`) }),
    timeZone,
  };
}

function toInstantRange(r: InstantRangeDto | null): InstantRange | null {
  return r === null ? null : { from: new Date(r.from), to: new Date(r.to) };
}

function toStatisticModel(s: SuccessMetricStatisticDto): SuccessMetricStatistic {
  return {
    kind: s.kind,
    unit: SUCCESS_METRIC_STATISTICS[s.kind].unit,
    step: 'step' in s ? s.step : null,
    series: 'series' in s ? (s.series ?? null) : null,
    period: 'period' in s ? s.period : null,
  };
}

function toWindowModel(w: SuccessMetricWindowDto): SuccessMetricWindow {
  if (w.anchor === 'FIXED') return { anchor: w.anchor, days: null, offsetDays: null, from: new Date(w.from), to: new Date(w.to) };
  return { anchor: w.anchor, days: w.days, offsetDays: w.offsetDays ?? 0, from: null, to: null };
}

export function toSuccessMetricDefinition(d: SuccessMetricDefinitionDto): SuccessMetricDefinition {
  return {
    name: d.name,
    insightKind: d.insight.kind,
    insight: toJson(d.insight.query, 'insight', 0),
    statistic: toStatisticModel(d.statistic),
    comparator: d.comparator,
    target: d.target,
    window: toWindowModel(d.window),
    baseline: toInstantRange(d.baseline ?? null),
    timeZone: d.timeZone ?? 'UTC',
  };
}

export function toSuccessMetricEvaluation(e: SuccessMetricEvaluationDto): SuccessMetricEvaluation {
  return {
    id: e.id,
    metricId: e.metricId,
    itemId: e.itemId,
    metricRevision: e.metricRevision,
    definition: toSuccessMetricDefinition(e.definition),
    verdict: e.verdict,
    value: e.value,
    baseline: e.baseline,
    changePercent: e.changePercent,
    comparator: e.comparator,
    target: e.target,
    window: toInstantRange(e.window),
    range: toInstantRange(e.range),
    baselineRange: toInstantRange(e.baselineRange),
    windowComplete: e.windowComplete,
    dataVersion: e.dataVersion,
    queryFingerprint: e.queryFingerprint,
    baselineQueryFingerprint: e.baselineQueryFingerprint,
    reason: e.reason,
    trigger: e.trigger,
    evaluatedAt: new Date(e.evaluatedAt),
    evaluatedBy: e.evaluatedBy,
    evaluatedByName: e.evaluatedByName,
  };
}

export function toSuccessMetric(m: SuccessMetricDto): SuccessMetric {
  return {
    id: m.id,
    projectId: m.projectId,
    itemId: m.itemId,
    definition: toSuccessMetricDefinition(m.definition),
    revision: m.revision,
    createdAt: new Date(m.createdAt),
    createdBy: m.createdBy,
    updatedAt: new Date(m.updatedAt),
    updatedBy: m.updatedBy,
    retirement: m.retirement && { at: new Date(m.retirement.at), by: m.retirement.by, reason: m.retirement.reason },
    latestEvaluation: m.latestEvaluation && toSuccessMetricEvaluation(m.latestEvaluation),
  };
}

export function toSuccessMetricChange(r: SuccessMetricChangeReply): SuccessMetricChange {
  return { metric: toSuccessMetric(r.metric), itemVersion: r.itemVersion };
}

export function toSuccessMetricReproduction(r: ReevaluateSuccessMetricAtReply): SuccessMetricReproduction {
  const { verdict, value, baseline, dataVersion, queryFingerprint, baselineQueryFingerprint } = r.recomputed;
  return {
    evaluation: toSuccessMetricEvaluation(r.evaluation),
    recomputed: { verdict, value, baseline, dataVersion, queryFingerprint, baselineQueryFingerprint },
    same: r.same,
  };
}
