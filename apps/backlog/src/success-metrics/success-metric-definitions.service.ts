import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type DefineSuccessMetricRequest,
  DomainError,
  type EditSuccessMetricRequest,
  type ListSuccessMetricsReply,
  type ListSuccessMetricsRequest,
  type RetireSuccessMetricRequest,
  SUCCESS_METRIC_LIMITS,
  type SuccessMetricChangeReply,
  type SuccessMetricDto,
} from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { ItemChangeGuard, itemNotFound } from '../items/item-change.guard';
import { assertValidDefinition } from './metric-definition.rule';
import { SuccessMetricsRepository } from './success-metrics.repository';

/**
 * Defining, editing and retiring an item's success metrics. Each change takes the item's lock at
 * the caller's `expectedVersion` (so the five-metric limit is counted alone), records activity in
 * the same transaction and bumps the item's version. Metrics are retired, never deleted: a
 * retired metric keeps its evaluations and stops gating acceptance.
 */
@Injectable()
export class SuccessMetricDefinitionsService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly guard: ItemChangeGuard,
    private readonly activity: ItemActivityRecorder,
    private readonly metrics: SuccessMetricsRepository,
  ) {}

  async define(request: DefineSuccessMetricRequest): Promise<SuccessMetricChangeReply> {
    const { projectId, itemId, definition } = request;
    assertValidDefinition(definition);
    const actor = requireEnvelope().actorId;
    return this.tx.run(async (manager) => {
      await this.guard.lock(manager, projectId, itemId, request.expectedVersion);
      const active = await this.metrics.activeCount(manager, itemId);
      if (active >= SUCCESS_METRIC_LIMITS.maxActivePerItem) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `An item carries at most ${SUCCESS_METRIC_LIMITS.maxActivePerItem} success metrics; retire one before defining another.`,
          { field: 'definition', limit: SUCCESS_METRIC_LIMITS.maxActivePerItem, active },
        );
      }
      const metric = await this.metrics.insert(manager, { id: randomUUID(), projectId, itemId, definition, at: new Date(), by: actor });
      await this.activity.record(manager, {
        projectId,
        itemId,
        action: 'metric.defined',
        changes: [{ field: 'definition', old: null, new: definition }],
        detail: { metricId: metric.id, name: definition.name },
      });
      return { metric, itemVersion: await this.guard.bump(manager, itemId) };
    });
  }

  async edit(request: EditSuccessMetricRequest): Promise<SuccessMetricChangeReply> {
    const { projectId, metricId, definition } = request;
    assertValidDefinition(definition);
    const actor = requireEnvelope().actorId;
    const found = await this.requireMetric(projectId, metricId);
    return this.tx.run(async (manager) => {
      await this.guard.lock(manager, projectId, found.itemId, request.expectedVersion);
      const before = await this.requireActive(projectId, metricId, manager);
      await this.metrics.update(manager, metricId, definition, new Date(), actor);
      const metric = await this.metrics.requireById(projectId, metricId, manager);
      await this.activity.record(manager, {
        projectId,
        itemId: metric.itemId,
        action: 'metric.edited',
        changes: [{ field: 'definition', old: before.definition, new: definition }],
        detail: { metricId, name: definition.name, revision: metric.revision },
      });
      return { metric, itemVersion: await this.guard.bump(manager, metric.itemId) };
    });
  }

  /** Recorded as `metric.edited` with the change `retired: false → true` and the reason. */
  async retire(request: RetireSuccessMetricRequest): Promise<SuccessMetricChangeReply> {
    const { projectId, metricId } = request;
    const reason = request.reason.trim();
    const actor = requireEnvelope().actorId;
    const found = await this.requireMetric(projectId, metricId);
    return this.tx.run(async (manager) => {
      await this.guard.lock(manager, projectId, found.itemId, request.expectedVersion);
      await this.requireActive(projectId, metricId, manager);
      await this.metrics.retire(manager, metricId, new Date(), actor, reason);
      const metric = await this.metrics.requireById(projectId, metricId, manager);
      await this.activity.record(manager, {
        projectId,
        itemId: metric.itemId,
        action: 'metric.edited',
        changes: [{ field: 'retired', old: false, new: true }],
        detail: { metricId, name: metric.definition.name, reason },
      });
      return { metric, itemVersion: await this.guard.bump(manager, metric.itemId) };
    });
  }

  async list(request: ListSuccessMetricsRequest): Promise<ListSuccessMetricsReply> {
    if (!(await this.metrics.item(request.projectId, request.itemId))) throw itemNotFound(request.itemId);
    return { metrics: await this.metrics.forItem(request.projectId, request.itemId) };
  }

  private async requireMetric(projectId: string, metricId: string): Promise<SuccessMetricDto> {
    const metric = await this.metrics.byId(projectId, metricId);
    if (!metric) throw successMetricNotFound(metricId);
    return metric;
  }

  /** Read again under the item's lock: a metric retired meanwhile cannot be edited or retired again. */
  private async requireActive(projectId: string, metricId: string, manager: Parameters<SuccessMetricsRepository['byId']>[2]): Promise<SuccessMetricDto> {
    const metric = await this.metrics.byId(projectId, metricId, manager);
    if (!metric) throw successMetricNotFound(metricId);
    if (metric.retirement) {
      throw new DomainError('CONFLICT', `Success metric ${metricId} was retired at ${metric.retirement.at}; define a new one instead.`, {
        metricId,
        retiredAt: metric.retirement.at,
      });
    }
    return metric;
  }
}

export function successMetricNotFound(metricId: string): DomainError {
  return new DomainError('SUCCESS_METRIC_NOT_FOUND', `No success metric ${metricId} in this project.`, { metricId });
}
