import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SuccessMetricDefinition, SuccessMetricEvaluationDto, SuccessMetricTrigger } from '@fulcrum/contracts';
import type { ComputedEvaluation } from './metric.evaluator';
import { EVALUATION_COLUMNS, type EvaluationRow, toEvaluationDto } from './success-metric.mapper';

export interface NewEvaluation {
  id: string;
  metricId: string;
  itemId: string;
  projectId: string;
  metricRevision: number;
  definition: SuccessMetricDefinition;
  computed: ComputedEvaluation;
  trigger: SuccessMetricTrigger;
  evaluatedAt: Date;
  evaluatedBy: string;
  evaluatedByName: string | null;
}

/** `backlog_success_metric_evaluations`: append-only (a trigger refuses updates and deletes). */
@Injectable()
export class SuccessMetricEvaluationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, e: NewEvaluation): Promise<SuccessMetricEvaluationDto> {
    const c = e.computed;
    const rows: EvaluationRow[] = await manager.query(
      `WITH e AS (
         INSERT INTO backlog_success_metric_evaluations (
           id, metric_id, item_id, project_id, metric_revision, definition, verdict, value, baseline, change_percent,
           window_from, window_to, range_from, range_to, baseline_from, baseline_to, window_complete,
           data_version, query_fingerprint, baseline_query_fingerprint, reason, trigger, evaluated_at, evaluated_by, evaluated_by_name)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::numeric, $19, $20, $21, $22, $23, $24, $25)
         RETURNING *
       )
       SELECT ${EVALUATION_COLUMNS} FROM e`,
      [
        e.id,
        e.metricId,
        e.itemId,
        e.projectId,
        e.metricRevision,
        JSON.stringify(e.definition),
        c.verdict,
        c.value,
        c.baseline,
        c.changePercent,
        c.window?.from ?? null,
        c.window?.to ?? null,
        c.range?.from ?? null,
        c.range?.to ?? null,
        c.baselineRange?.from ?? null,
        c.baselineRange?.to ?? null,
        c.windowComplete,
        c.dataVersion,
        c.queryFingerprint,
        c.baselineQueryFingerprint,
        c.reason,
        e.trigger,
        e.evaluatedAt,
        e.evaluatedBy,
        e.evaluatedByName,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('evaluation insert returned no row');
    return toEvaluationDto(row);
  }

  async byId(projectId: string, evaluationId: string): Promise<SuccessMetricEvaluationDto | null> {
    const rows: EvaluationRow[] = await this.dataSource.query(
      `SELECT ${EVALUATION_COLUMNS} FROM backlog_success_metric_evaluations e WHERE e.id = $1 AND e.project_id = $2`,
      [evaluationId, projectId],
    );
    return rows[0] ? toEvaluationDto(rows[0]) : null;
  }

  /** At most `limit` evaluations of a metric before the cursor's seq, newest first, and the metric's total. */
  async page(metricId: string, beforeSeq: number | null, limit: number): Promise<{ rows: Array<{ seq: number; evaluation: SuccessMetricEvaluationDto }>; total: number }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ n }]: Array<{ n: number }> = await manager.query(`SELECT count(*)::int AS n FROM backlog_success_metric_evaluations WHERE metric_id = $1`, [metricId]);
      const rows: EvaluationRow[] = await manager.query(
        `SELECT ${EVALUATION_COLUMNS} FROM backlog_success_metric_evaluations e
          WHERE e.metric_id = $1 AND ($2::bigint IS NULL OR e.seq < $2::bigint)
          ORDER BY e.seq DESC LIMIT $3`,
        [metricId, beforeSeq, limit],
      );
      return { rows: rows.map((r) => ({ seq: Number(r.seq), evaluation: toEvaluationDto(r) })), total: n };
    });
  }
}
