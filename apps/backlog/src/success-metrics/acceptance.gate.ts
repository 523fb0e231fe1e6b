import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, type SuccessMetricVerdict } from '@fulcrum/contracts';
import type { AcceptanceGatePort } from '../items/acceptance-gate.port';
import type { LockedItem } from '../items/locked-item';
import { SuccessMetricsRepository } from './success-metrics.repository';

export interface GateMetric {
  id: string;
  name: string;
  /** The latest evaluation of the metric's current definition; null when it has none. */
  verdict: SuccessMetricVerdict | null;
  evaluationId: string | null;
  evaluatedAt: string | null;
}

/**
 * The acceptance gate: an item whose active success metrics are all MET — each by the latest
 * evaluation of its current definition (an edit since the last evaluation means "not evaluated") —
 * may be accepted; so may an item without metrics. Otherwise ACCEPTANCE_BLOCKED names each
 * metric and its verdict, unless an override reason is given: then it passes as overridden and
 * the caller records the reason. Read in the move's transaction, under the item's lock.
 */
@Injectable()
export class SuccessMetricsAcceptanceGate implements AcceptanceGatePort {
  constructor(private readonly metrics: SuccessMetricsRepository) {}

  async check(manager: EntityManager, item: LockedItem, overrideReason: string | null): Promise<{ overridden: boolean; detail: Record<string, unknown> }> {
    const active = await this.metrics.forItem(item.projectId, item.id, manager, true);
    const metrics: GateMetric[] = active.map((m) => {
      const current = m.latestEvaluation?.metricRevision === m.revision ? m.latestEvaluation : null;
      return { id: m.id, name: m.definition.name, verdict: current?.verdict ?? null, evaluationId: current?.id ?? null, evaluatedAt: current?.evaluatedAt ?? null };
    });
    if (metrics.every((m) => m.verdict === 'MET')) return { overridden: false, detail: { metrics } };
    if (overrideReason !== null) return { overridden: true, detail: { reason: overrideReason, metrics } };
    const unmet = metrics.filter((m) => m.verdict !== 'MET').map((m) => `${m.name} (${m.verdict ?? 'not evaluated'})`);
    throw new DomainError(
      'ACCEPTANCE_BLOCKED',
      `Item ${item.key} cannot be accepted: not every success metric is MET: ${unmet.join(', ')}. Evaluate again, or accept with an override reason.`,
      { metrics: metrics.map(({ id, name, verdict }) => ({ id, name, verdict })) },
    );
  }
}
