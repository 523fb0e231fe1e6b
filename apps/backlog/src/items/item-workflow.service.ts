import { Inject, Injectable } from '@nestjs/common';
import { type BacklogItemDto, DomainError, type MoveBacklogItemRequest } from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { assertTransition } from '../domain/item-state.machine';
import { ProjectGraphCache } from '../graph/project-graph.cache';
import { ACCEPTANCE_GATE, type AcceptanceGatePort } from './acceptance-gate.port';
import { ItemChangeGuard, itemNotFound } from './item-change.guard';
import { assertStorable } from './item-input.validator';
import { toItemDto } from './item.mapper';
import { ItemsRepository } from './items.repository';

/**
 * State moves. The state machine decides which moves exist; a move to ACCEPTED also passes the
 * acceptance gate (success metrics, in the same transaction, so a metric evaluated meanwhile is
 * seen or waits) and is recorded as `item.accepted` or, when the gate was overridden,
 * `item.acceptance-overridden` with the reason. Entering DELIVERED stamps `delivered_at`, which
 * later moves keep (success metrics count their window from it). A state is a graph fact (what
 * blocks what): a move claims the project's graph change before the item's lock (ProjectGraphCache)
 * and publishes it after the commit.
 */
@Injectable()
export class ItemWorkflowService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly items: ItemsRepository,
    private readonly guard: ItemChangeGuard,
    private readonly activity: ItemActivityRecorder,
    private readonly graphs: ProjectGraphCache,
    @Inject(ACCEPTANCE_GATE) private readonly gate: AcceptanceGatePort,
  ) {}

  async move(request: MoveBacklogItemRequest): Promise<BacklogItemDto> {
    const { projectId, itemId, state: to } = request;
    const overrideReason = request.overrideReason === undefined ? null : storable('overrideReason', request.overrideReason).trim();
    if (overrideReason !== null && to !== 'ACCEPTED') {
      throw new DomainError('VALIDATION_FAILED', 'overrideReason overrides the acceptance gate: send it only with state ACCEPTED.', { field: 'overrideReason' });
    }
    if (overrideReason === '') throw new DomainError('VALIDATION_FAILED', 'overrideReason is blank', { field: 'overrideReason' });
    const actor = requireEnvelope().actorId;
    const { item: moved, change } = await this.tx.run(async (manager) => {
      const change = await this.graphs.claim(manager, projectId);
      const item = await this.guard.lock(manager, projectId, itemId, request.expectedVersion);
      assertTransition(item.state, to);
      const now = new Date();
      const changes = [{ field: 'state', old: item.state, new: to }];
      if (to === 'ACCEPTED') {
        const verdict = await this.gate.check(manager, item, overrideReason);
        await this.items.setState(manager, itemId, to, { accepted: { at: now, by: actor, overrideReason: verdict.overridden ? overrideReason : null } });
        await this.activity.record(manager, {
          projectId,
          itemId,
          action: verdict.overridden ? 'item.acceptance-overridden' : 'item.accepted',
          changes,
          detail: { ...verdict.detail, ...(verdict.overridden && { overrideReason }) },
        });
      } else {
        await this.items.setState(manager, itemId, to, to === 'DELIVERED' ? { delivered: now } : {});
        await this.activity.record(manager, { projectId, itemId, action: 'item.state-moved', changes });
      }
      await this.guard.bump(manager, itemId);
      const row = await this.items.byId(projectId, itemId, manager);
      if (!row) throw itemNotFound(itemId);
      change?.record((s) => s.changeItem(item.id, { state: to }));
      return { item: toItemDto(row), change };
    });
    this.graphs.publish(change);
    return moved;
  }
}

function storable(field: string, value: string): string {
  assertStorable(field, value);
  return value;
}
