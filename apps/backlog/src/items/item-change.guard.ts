import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@fulcrum/contracts';
import type { ItemKind, ItemState, Track } from '../domain/backlog.vocabulary';
import type { LockedItem } from './locked-item';
import { returningRows } from '../infrastructure/returning-rows';

export type { LockedItem } from './locked-item';

interface LockedRow {
  id: string;
  project_id: string;
  project_key: string;
  number: number;
  track: Track;
  kind: ItemKind;
  state: ItemState;
  version: number;
  delivered_at: Date | null;
}

/**
 * Optimistic concurrency for every item mutation, made safe by a row lock: `lock` takes the item's
 * row lock in the caller's transaction and only then compares versions, so of two changes sent
 * with the same `expectedVersion` the second waits for the first, sees the bumped version and is
 * refused CONFLICT (with `details.currentVersion`) — exactly one wins. An id unknown, or of
 * another project, is ITEM_NOT_FOUND in the same words.
 */
@Injectable()
export class ItemChangeGuard {
  async lock(manager: EntityManager, projectId: string, itemId: string, expectedVersion: number): Promise<LockedItem> {
    const rows: LockedRow[] = await manager.query(
      `SELECT i.id, i.project_id, p.key AS project_key, i.number, i.track, i.kind, i.state, i.version, i.delivered_at
         FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id
        WHERE i.id = $1 AND i.project_id = $2
          FOR UPDATE OF i`,
      [itemId, projectId],
    );
    const row = rows[0];
    if (!row) throw itemNotFound(itemId);
    if (row.version !== expectedVersion) throw staleVersion(itemId, `${row.project_key}-${row.number}`, row.version, expectedVersion);
    return {
      id: row.id,
      projectId: row.project_id,
      key: `${row.project_key}-${row.number}`,
      number: row.number,
      track: row.track,
      kind: row.kind,
      state: row.state,
      version: row.version,
      deliveredAt: row.delivered_at,
    };
  }

  /** Increments the item's version and updated_at (call once per mutation, after `lock`); returns the new version. */
  async bump(manager: EntityManager, itemId: string): Promise<number> {
    const rows = returningRows<{ version: number }>(
      await manager.query(
        `UPDATE backlog_items SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
        [itemId],
      ),
    );
    const row = rows[0];
    if (!row) throw itemNotFound(itemId);
    return row.version;
  }
}

/** CONFLICT: the item is at another version than the one the change was sent for. */
export function staleVersion(itemId: string, key: string, currentVersion: number, expectedVersion: number): DomainError {
  return new DomainError('CONFLICT', `Item ${key} is at version ${currentVersion}, not ${expectedVersion}: reload it and try again.`, {
    itemId,
    expectedVersion,
    currentVersion,
  });
}

export function itemNotFound(itemIdOrKey: string): DomainError {
  return new DomainError('ITEM_NOT_FOUND', `No backlog item ${itemIdOrKey} in this project.`, { item: itemIdOrKey });
}
