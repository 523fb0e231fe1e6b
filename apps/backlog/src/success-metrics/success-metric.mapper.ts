import type {
  SuccessMetricComparator,
  SuccessMetricDefinition,
  SuccessMetricDto,
  SuccessMetricEvaluationDto,
  SuccessMetricTrigger,
  SuccessMetricVerdict,
} from '@fulcrum/contracts';

/** Columns of `backlog_success_metrics` as every read selects them. */
export const METRIC_COLUMNS = `m.id, m.project_id, m.item_id, m.definition, m.revision, m.created_at, m.created_by, m.updated_at, m.updated_by,
  m.retired_at, m.retired_by, m.retirement_reason`;

export interface MetricRow {
  id: string;
  project_id: string;
  item_id: string;
  definition: SuccessMetricDefinition;
  revision: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  retired_at: Date | null;
  retired_by: string | null;
  retirement_reason: string | null;
}

/** Columns of `backlog_success_metric_evaluations` (alias `e`). */
export const EVALUATION_COLUMNS = `e.id, e.seq, e.metric_id, e.item_id, e.project_id, e.metric_revision, e.definition, e.verdict, e.value, e.baseline,
  e.change_percent, e.window_from, e.window_to, e.range_from, e.range_to, e.baseline_from, e.baseline_to, e.window_complete,
  e.data_version::text AS data_version, e.query_fingerprint, e.baseline_query_fingerprint, e.reason, e.trigger, e.evaluated_at,
  e.evaluated_by, e.evaluated_by_name`;

export interface EvaluationRow {
  id: string;
  seq: string;
  metric_id: string;
  item_id: string;
  project_id: string;
  metric_revision: number;
  definition: SuccessMetricDefinition;
  verdict: SuccessMetricVerdict;
  value: number | null;
  baseline: number | null;
  change_percent: number | null;
  window_from: Date | null;
  window_to: Date | null;
  range_from: Date | null;
  range_to: Date | null;
  baseline_from: Date | null;
  baseline_to: Date | null;
  window_complete: boolean;
  data_version: string | null;
  query_fingerprint: string | null;
  baseline_query_fingerprint: string | null;
  reason: string | null;
  trigger: SuccessMetricTrigger;
  evaluated_at: Date;
  evaluated_by: string;
  evaluated_by_name: string | null;
}

export function toMetricDto(r: MetricRow, latestEvaluation: SuccessMetricEvaluationDto | null): SuccessMetricDto {
  return {
    id: r.id,
    projectId: r.project_id,
    itemId: r.item_id,
    definition: r.definition,
    revision: r.revision,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
    retirement:
      r.retired_at === null || r.retired_by === null || r.retirement_reason === null
        ? null
        : { at: r.retired_at.toISOString(), by: r.retired_by, reason: r.retirement_reason },
    latestEvaluation,
  };
}

export function toEvaluationDto(r: EvaluationRow): SuccessMetricEvaluationDto {
  return {
    id: r.id,
    metricId: r.metric_id,
    itemId: r.item_id,
    projectId: r.project_id,
    metricRevision: r.metric_revision,
    definition: r.definition,
    verdict: r.verdict,
    value: r.value,
    baseline: r.baseline,
    changePercent: r.change_percent,
    comparator: r.definition.comparator as SuccessMetricComparator,
    target: r.definition.target,
    window: range(r.window_from, r.window_to),
    range: range(r.range_from, r.range_to),
    baselineRange: range(r.baseline_from, r.baseline_to),
    windowComplete: r.window_complete,
    dataVersion: r.data_version,
    queryFingerprint: r.query_fingerprint,
    baselineQueryFingerprint: r.baseline_query_fingerprint,
    reason: r.reason,
    trigger: r.trigger,
    evaluatedAt: r.evaluated_at.toISOString(),
    evaluatedBy: r.evaluated_by,
    evaluatedByName: r.evaluated_by_name,
  };
}

function range(from: Date | null, to: Date | null): { from: string; to: string } | null {
  return from === null || to === null ? null : { from: from.toISOString(), to: to.toISOString() };
}
