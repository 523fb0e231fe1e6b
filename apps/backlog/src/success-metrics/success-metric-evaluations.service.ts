import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  type EvaluateSuccessMetricsReply,
  type ListSuccessMetricEvaluationsReply,
  type ListSuccessMetricEvaluationsRequest,
  type ReevaluateSuccessMetricAtReply,
  type ReevaluateSuccessMetricAtRequest,
  SUCCESS_METRIC_EVALUATIONS_CURSOR,
  SUCCESS_METRIC_LIMITS,
  type SuccessMetricEvaluationDto,
  type SuccessMetricTrigger,
  decodeCursor,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { itemNotFound } from '../items/item-change.guard';
import { MetricInsightClient } from './metric-insight.client';
import { type ComputedEvaluation, computeEvaluation } from './metric.evaluator';
import { type EvaluationPlan, planEvaluation } from './metric-window.planner';
import { successMetricNotFound } from './success-metric-definitions.service';
import { SuccessMetricEvaluationsRepository } from './success-metric-evaluations.repository';
import { SuccessMetricsRepository } from './success-metrics.repository';

/**
 * Evaluating success metrics through the analytics insights. The insights are asked outside any
 * transaction (no row lock waits on NATS); the first metric's answer pins the data version and the
 * item's other metrics are asked at that same version, so one evaluation run rests on one state of
 * the data. Then one transaction stores every evaluation with its `metric.evaluated` activity.
 * Evaluating observes the item without changing it, so it takes no `expectedVersion` and leaves
 * the item's version alone.
 */
@Injectable()
export class SuccessMetricEvaluationsService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly activity: ItemActivityRecorder,
    private readonly metrics: SuccessMetricsRepository,
    private readonly evaluations: SuccessMetricEvaluationsRepository,
    private readonly insights: MetricInsightClient,
  ) {}

  /** Evaluates every active metric of the item now, as the envelope's actor. */
  async evaluate(projectId: string, itemId: string, trigger: SuccessMetricTrigger): Promise<EvaluateSuccessMetricsReply> {
    const item = await this.metrics.item(projectId, itemId);
    if (!item) throw itemNotFound(itemId);
    const metrics = await this.metrics.forItem(projectId, itemId, undefined, true);
    const now = new Date();
    const computed: ComputedEvaluation[] = [];
    let pinned: string | undefined;
    for (const metric of metrics) {
      const plan = planEvaluation(metric.definition, item.deliveredAt, now);
      const result = await computeEvaluation(metric.definition, projectId, plan, this.insights.fetch, pinned);
      pinned ??= result.dataVersion ?? undefined;
      computed.push(result);
    }
    const envelope = requireEnvelope();
    const actorName = envelope.actorName?.trim() || null;
    const evaluations = await this.tx.run(async (manager) => {
      const stored: SuccessMetricEvaluationDto[] = [];
      for (const [i, metric] of metrics.entries()) {
        const evaluation = await this.evaluations.insert(manager, {
          id: randomUUID(),
          metricId: metric.id,
          itemId,
          projectId,
          metricRevision: metric.revision,
          definition: metric.definition,
          computed: computed[i] as ComputedEvaluation,
          trigger,
          evaluatedAt: now,
          evaluatedBy: envelope.actorId,
          evaluatedByName: actorName,
        });
        await this.activity.record(manager, {
          projectId,
          itemId,
          action: 'metric.evaluated',
          detail: {
            metricId: metric.id,
            name: metric.definition.name,
            evaluationId: evaluation.id,
            verdict: evaluation.verdict,
            value: evaluation.value,
            baseline: evaluation.baseline,
            comparator: evaluation.comparator,
            target: evaluation.target,
            dataVersion: evaluation.dataVersion,
            queryFingerprint: evaluation.queryFingerprint,
            trigger,
          },
        });
        stored.push(evaluation);
      }
      return stored;
    });
    return { evaluations };
  }

  /**
   * The stored evaluation computed again exactly as it was made: its definition, its ranges (not
   * re-planned from today) and its data version. Stores nothing.
   */
  async reevaluateAt(request: ReevaluateSuccessMetricAtRequest): Promise<ReevaluateSuccessMetricAtReply> {
    const evaluation = await this.evaluations.byId(request.projectId, request.evaluationId);
    if (!evaluation) {
      throw new DomainError('SUCCESS_METRIC_NOT_FOUND', `No success metric evaluation ${request.evaluationId} in this project.`, {
        evaluationId: request.evaluationId,
      });
    }
    const again = await computeEvaluation(evaluation.definition, evaluation.projectId, storedPlan(evaluation), this.insights.fetch, evaluation.dataVersion ?? undefined);
    const recomputed = {
      verdict: again.verdict,
      value: again.value,
      baseline: again.baseline,
      dataVersion: again.dataVersion,
      queryFingerprint: again.queryFingerprint,
      baselineQueryFingerprint: again.baselineQueryFingerprint,
    };
    const same = recomputed.verdict === evaluation.verdict && recomputed.value === evaluation.value && recomputed.baseline === evaluation.baseline;
    return { evaluation, recomputed, same };
  }

  async list(request: ListSuccessMetricEvaluationsRequest): Promise<ListSuccessMetricEvaluationsReply> {
    const metric = await this.metrics.byId(request.projectId, request.metricId);
    if (!metric) throw successMetricNotFound(request.metricId);
    const first = request.first ?? SUCCESS_METRIC_LIMITS.defaultEvaluationsPage;
    const before = request.after === undefined ? null : seqCursor(request.after);
    const { rows, total } = await this.evaluations.page(request.metricId, before, first + 1);
    const page = pageOf(rows, first, total, (row) => encodeCursor(SUCCESS_METRIC_EVALUATIONS_CURSOR, [row.seq]));
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.evaluation })) };
  }
}

/** The plan an evaluation was made with, rebuilt from what it stored. */
function storedPlan(e: SuccessMetricEvaluationDto): EvaluationPlan {
  if (e.range === null || e.window === null) return { kind: 'PENDING', window: e.window && toRange(e.window), reason: e.reason ?? 'Nothing was queried.' };
  return { kind: 'QUERY', window: toRange(e.window), range: toRange(e.range), windowComplete: e.windowComplete, baselineRange: e.baselineRange && toRange(e.baselineRange) };
}

function toRange(r: { from: string; to: string }): { from: Date; to: Date } {
  return { from: new Date(r.from), to: new Date(r.to) };
}

function seqCursor(after: string): number {
  const [seq] = decodeCursor(SUCCESS_METRIC_EVALUATIONS_CURSOR, after, 1);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
  }
  return seq;
}
