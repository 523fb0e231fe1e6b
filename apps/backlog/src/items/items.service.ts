import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type BacklogItemDto, type CreateBacklogItemRequest, DomainError, type UpdateBacklogItemRequest } from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { type FieldChange, ItemActivityRecorder } from '../activity/item-activity.recorder';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { assertEstimate } from '../domain/estimate.scale';
import { rankBetween } from '../domain/item-rank';
import { ProjectGraphCache } from '../graph/project-graph.cache';
import { ProjectKeyReader } from '../projects/project-key.reader';
import { TrackSettingsRepository } from '../tracks/track-settings.repository';
import { ItemChangeGuard, itemNotFound } from './item-change.guard';
import { checkDescription, normaliseLabels, normaliseOwners, normaliseTitle } from './item-input.validator';
import { toItemDto } from './item.mapper';
import { type ItemFieldValues, ItemsRepository } from './items.repository';

/**
 * Creating and editing items. Creation takes the track's lock (its settings row: the estimate
 * scale cannot change underneath, and the new item's rank, after the track's last, is computed
 * alone) and the project's number counter; editing takes the item's lock through the guard, and,
 * when the estimate changes, the track's lock first (always track before item, as ranking does,
 * so the two never wait on each other in opposite orders). A creation, and an edit of the kind or
 * the estimate, also claims the project's graph change (ProjectGraphCache), after the track's lock
 * and before the item's, and publishes it after the commit.
 */
@Injectable()
export class ItemsService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly items: ItemsRepository,
    private readonly graphs: ProjectGraphCache,
    private readonly projectKeys: ProjectKeyReader,
    private readonly tracks: TrackSettingsRepository,
    private readonly guard: ItemChangeGuard,
    private readonly activity: ItemActivityRecorder,
  ) {}

  async create(request: CreateBacklogItemRequest): Promise<BacklogItemDto> {
    const fields = {
      title: normaliseTitle(request.title),
      description: checkDescription(request.description ?? ''),
      estimate: request.estimate ?? null,
      owners: normaliseOwners(request.owners ?? []),
      labels: normaliseLabels(request.labels ?? []),
    };
    const { projectId, track } = request;
    // Outside the transaction: it may ask ingest over NATS (PROJECT_NOT_FOUND for an unknown project).
    await this.projectKeys.ensure(projectId);
    const actor = requireEnvelope().actorId;
    const id = randomUUID();
    const { item, change } = await this.tx.run(async (manager) => {
      const settings = await this.tracks.lock(manager, projectId, track, 'UPDATE');
      assertEstimate(settings.estimateScale, fields.estimate);
      const { number, change } = await this.graphs.claimWithNumber(manager, projectId);
      const rank = rankBetween(await this.items.lastRank(manager, projectId, track), null);
      const state = request.state ?? 'ICEBOX';
      await this.items.insert(manager, { id, projectId, number, track, kind: request.kind, ...fields, state, rank, createdAt: new Date(), createdBy: actor });
      const initial: Array<[string, unknown]> = [
        ['track', track],
        ['kind', request.kind],
        ['title', fields.title],
        ['description', fields.description],
        ['estimate', fields.estimate],
        ['owners', fields.owners],
        ['labels', fields.labels],
        ['state', state],
        ['rank', rank],
      ];
      await this.activity.record(manager, {
        projectId,
        itemId: id,
        action: 'item.created',
        changes: initial.map(([field, value]) => ({ field, old: null, new: value })),
      });
      change.record((s) => s.putItem({ id, number, track, kind: request.kind, state, estimate: fields.estimate }));
      return { item: await this.reload(manager, projectId, id), change };
    });
    this.graphs.publish(change);
    return item;
  }

  async update(request: UpdateBacklogItemRequest): Promise<BacklogItemDto> {
    const sent: ItemFieldValues = {
      ...(request.title !== undefined && { title: normaliseTitle(request.title) }),
      ...(request.description !== undefined && { description: checkDescription(request.description) }),
      ...(request.kind !== undefined && { kind: request.kind }),
      ...(request.estimate !== undefined && { estimate: request.estimate }),
      ...(request.owners !== undefined && { owners: normaliseOwners(request.owners) }),
      ...(request.labels !== undefined && { labels: normaliseLabels(request.labels) }),
    };
    if (Object.keys(sent).length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'An update names at least one of title, description, kind, estimate, owners, labels.', { field: '(root)' });
    }
    const { projectId, itemId } = request;
    const { item, change } = await this.tx.run(async (manager) => {
      if (sent.estimate !== undefined) {
        // Track before item (see the class comment); the track is immutable, so reading it unlocked is safe.
        const current = await this.items.byId(projectId, itemId, manager);
        if (!current) throw itemNotFound(itemId);
        const settings = await this.tracks.lock(manager, projectId, current.track, 'SHARE');
        assertEstimate(settings.estimateScale, sent.estimate);
      }
      // Kind and estimate are graph facts (link rules, weights): claim before the item's lock.
      const change = sent.kind !== undefined || sent.estimate !== undefined ? await this.graphs.claim(manager, projectId) : null;
      const locked = await this.guard.lock(manager, projectId, itemId, request.expectedVersion);
      const before = await this.reload(manager, projectId, itemId);
      const changes = changedFields(before, sent);
      if (changes.length === 0) return { item: before, change };
      await this.items.updateFields(manager, itemId, Object.fromEntries(changes.map((c) => [c.field, c.new])) as ItemFieldValues);
      await this.guard.bump(manager, itemId);
      await this.activity.record(manager, { projectId, itemId, action: 'item.edited', changes });
      change?.record((s) => s.changeItem(locked.id, { kind: sent.kind, estimate: sent.estimate }));
      return { item: await this.reload(manager, projectId, itemId), change };
    });
    this.graphs.publish(change);
    return item;
  }

  private async reload(manager: EntityManager, projectId: string, itemId: string): Promise<BacklogItemDto> {
    const row = await this.items.byId(projectId, itemId, manager);
    if (!row) throw itemNotFound(itemId);
    return toItemDto(row);
  }
}

/** The sent fields whose value differs from the item's (lists compare in order). */
function changedFields(item: BacklogItemDto, sent: ItemFieldValues): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(sent) as Array<keyof ItemFieldValues>) {
    const next = sent[field];
    const old = item[field];
    if (JSON.stringify(old) !== JSON.stringify(next)) changes.push({ field, old, new: next });
  }
  return changes;
}
