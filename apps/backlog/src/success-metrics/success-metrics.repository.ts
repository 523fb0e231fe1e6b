import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BacklogItemState, SuccessMetricDefinition, SuccessMetricDto } from '@fulcrum/contracts';
import { EVALUATION_COLUMNS, type EvaluationRow, METRIC_COLUMNS, type MetricRow, toEvaluationDto, toMetricDto } from './success-metric.mapper';

export interface NewMetric {
  id: string;
  projectId: string;
  itemId: string;
  definition: SuccessMetricDefinition;
  at: Date;
  by: string;
}

/** What an evaluation needs of its item (read without a lock: evaluating does not change the item). */
export interface ItemForEvaluation {
  id: string;
  projectId: string;
  state: BacklogItemState;
  deliveredAt: Date | null;
}

/**
 * `backlog_success_metrics`, always scoped to a project; writes run in the caller's transaction.
 * Reads of a metric come with its latest evaluation (highest `seq`).
 */
@Injectable()
export class SuccessMetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, m: NewMetric): Promise<SuccessMetricDto> {
    await manager.query(
      `INSERT INTO backlog_success_metrics (id, project_id, item_id, definition, revision, created_at, created_by, updated_at, updated_by)
       VALUES ($1, $2, $3, $4::jsonb, 1, $5, $6, $5, $6)`,
      [m.id, m.projectId, m.itemId, JSON.stringify(m.definition), m.at, m.by],
    );
    return this.requireById(m.projectId, m.id, manager);
  }

  async update(manager: EntityManager, metricId: string, definition: SuccessMetricDefinition, at: Date, by: string): Promise<void> {
    await manager.query(
      `UPDATE backlog_success_metrics SET definition = $2::jsonb, revision = revision + 1, updated_at = $3, updated_by = $4 WHERE id = $1`,
      [metricId, JSON.stringify(definition), at, by],
    );
  }

  async retire(manager: EntityManager, metricId: string, at: Date, by: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE backlog_success_metrics SET retired_at = $2, retired_by = $3, retirement_reason = $4, updated_at = $2, updated_by = $3 WHERE id = $1`,
      [metricId, at, by, reason],
    );
  }

  /** Active metrics of the item (in the caller's transaction, under the item's lock when counting before a define). */
  async activeCount(manager: EntityManager, itemId: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM backlog_success_metrics WHERE item_id = $1 AND retired_at IS NULL`,
      [itemId],
    );
    return n;
  }

  async byId(projectId: string, metricId: string, manager: EntityManager = this.dataSource.manager): Promise<SuccessMetricDto | null> {
    return (await this.select(manager, `m.id = $2`, [projectId, metricId]))[0] ?? null;
  }

  async requireById(projectId: string, metricId: string, manager: EntityManager): Promise<SuccessMetricDto> {
    const metric = await this.byId(projectId, metricId, manager);
    if (!metric) throw new Error(`metric ${metricId} vanished inside its own transaction`);
    return metric;
  }

  /** The item's metrics: active ones first, each group in the order they were defined. */
  forItem(projectId: string, itemId: string, manager: EntityManager = this.dataSource.manager, activeOnly = false): Promise<SuccessMetricDto[]> {
    return this.select(manager, `m.item_id = $2${activeOnly ? ' AND m.retired_at IS NULL' : ''}`, [projectId, itemId]);
  }

  async item(projectId: string, itemId: string): Promise<ItemForEvaluation | null> {
    // Read-only look at the items module's table: the state and delivery time decide the window.
    const rows: Array<{ id: string; project_id: string; state: BacklogItemState; delivered_at: Date | null }> = await this.dataSource.query(
      `SELECT id, project_id, state, delivered_at FROM backlog_items WHERE id = $1 AND project_id = $2`,
      [itemId, projectId],
    );
    const r = rows[0];
    return r ? { id: r.id, projectId: r.project_id, state: r.state, deliveredAt: r.delivered_at } : null;
  }

  private async select(manager: EntityManager, where: string, params: unknown[]): Promise<SuccessMetricDto[]> {
    const rows: Array<MetricRow & { latest: EvaluationRow | null }> = await manager.query(
      `SELECT ${METRIC_COLUMNS}, latest.row AS latest
         FROM backlog_success_metrics m
         LEFT JOIN LATERAL (
           SELECT to_jsonb(x) AS row FROM (
             SELECT ${EVALUATION_COLUMNS} FROM backlog_success_metric_evaluations e WHERE e.metric_id = m.id ORDER BY e.seq DESC LIMIT 1
           ) x
         ) latest ON true
        WHERE m.project_id = $1 AND ${where}
        ORDER BY m.retired_at IS NOT NULL, m.created_at, m.id`,
      params,
    );
    return rows.map((r) => toMetricDto(r, r.latest ? toEvaluationDto(reviveEvaluation(r.latest)) : null));
  }
}

/** A row that came back as JSON (the lateral join): timestamps are text and need reviving. */
export function reviveEvaluation(json: EvaluationRow): EvaluationRow {
  const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
  return {
    ...json,
    window_from: date(json.window_from),
    window_to: date(json.window_to),
    range_from: date(json.range_from),
    range_to: date(json.range_to),
    baseline_from: date(json.baseline_from),
    baseline_to: date(json.baseline_to),
    evaluated_at: date(json.evaluated_at) as Date,
  };
}
