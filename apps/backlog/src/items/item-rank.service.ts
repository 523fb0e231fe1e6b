import { Injectable } from '@nestjs/common';
import { type BacklogItemDto, DomainError, type RankBacklogItemRequest } from '@fulcrum/contracts';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { rankBetween } from '../domain/item-rank';
import { TrackSettingsRepository } from '../tracks/track-settings.repository';
import { ItemChangeGuard, itemNotFound } from './item-change.guard';
import { itemKeyOf, toItemDto } from './item.mapper';
import { ItemsRepository } from './items.repository';

/**
 * Ranking: the item gets a rank strictly between the anchor and the anchor's neighbour on the
 * chosen side. Rank keys are deterministic, so two moves into one gap at once would compute the
 * same key; the track's row lock (taken before the item's, as everywhere) serialises every rank
 * change and creation on a track, so each move reads neighbours that the previous one committed,
 * and the unique (project, track, rank) index backs that up.
 */
@Injectable()
export class ItemRankService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly items: ItemsRepository,
    private readonly tracks: TrackSettingsRepository,
    private readonly guard: ItemChangeGuard,
    private readonly activity: ItemActivityRecorder,
  ) {}

  async rank(request: RankBacklogItemRequest): Promise<BacklogItemDto> {
    const { projectId, itemId } = request;
    if ((request.before === undefined) === (request.after === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'Name exactly one of before and after.', { field: request.before === undefined ? 'before' : 'after' });
    }
    const side = request.before !== undefined ? 'BEFORE' : 'AFTER';
    const anchorId = (request.before ?? request.after) as string;
    if (anchorId === itemId) throw new DomainError('VALIDATION_FAILED', 'An item cannot be placed next to itself.', { field: side.toLowerCase() });
    return this.tx.run(async (manager) => {
      // The track is immutable: read unlocked to know which track lock to take first.
      const current = await this.items.byId(projectId, itemId, manager);
      if (!current) throw itemNotFound(itemId);
      await this.tracks.lock(manager, projectId, current.track, 'UPDATE');
      await this.guard.lock(manager, projectId, itemId, request.expectedVersion);
      // Read again under the locks: the rank recorded as "old" is the one this move replaces.
      const locked = await this.items.byId(projectId, itemId, manager);
      if (!locked) throw itemNotFound(itemId);
      const anchor = await this.items.byId(projectId, anchorId, manager);
      if (!anchor) throw itemNotFound(anchorId);
      if (anchor.track !== current.track) {
        throw new DomainError('VALIDATION_FAILED', `Items are ranked within their track: ${itemKeyOf(anchor.project_key, anchor.number)} is on ${anchor.track}, not ${current.track}.`, {
          field: side.toLowerCase(),
          track: anchor.track,
        });
      }
      const neighbour = await this.items.neighbourRank(manager, projectId, current.track, anchor.rank, side, itemId);
      const rank = side === 'BEFORE' ? rankBetween(neighbour, anchor.rank) : rankBetween(anchor.rank, neighbour);
      await this.items.setRank(manager, itemId, rank);
      await this.guard.bump(manager, itemId);
      await this.activity.record(manager, {
        projectId,
        itemId,
        action: 'item.ranked',
        changes: [{ field: 'rank', old: locked.rank, new: rank }],
        detail: { [side === 'BEFORE' ? 'before' : 'after']: { id: anchor.id, key: itemKeyOf(anchor.project_key, anchor.number) } },
      });
      const row = await this.items.byId(projectId, itemId, manager);
      if (!row) throw itemNotFound(itemId);
      return toItemDto(row);
    });
  }
}
