import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ItemKind, ItemState, Track } from '../domain/backlog.vocabulary';
import { ITEM_COLUMNS, type ItemRow } from './item.mapper';

export interface NewItem {
  id: string;
  projectId: string;
  number: number;
  track: Track;
  kind: ItemKind;
  title: string;
  description: string;
  estimate: string | null;
  owners: string[];
  labels: string[];
  state: ItemState;
  rank: string;
  createdAt: Date;
  createdBy: string;
}

/** Editable columns and their values; the names come from this type, never from a request. */
export interface ItemFieldValues {
  title?: string;
  description?: string;
  kind?: ItemKind;
  estimate?: string | null;
  owners?: string[];
  labels?: string[];
}

const EDITABLE_COLUMNS: { readonly [K in keyof Required<ItemFieldValues>]: string } = {
  title: 'title',
  description: 'description',
  kind: 'kind',
  estimate: 'estimate',
  owners: 'owners',
  labels: 'labels',
};

/** Largest value of a PostgreSQL integer: item numbers above it cannot exist (and must not reach SQL). */
export const MAX_ITEM_NUMBER = 2_147_483_647;

/** `backlog_items`, always scoped to a project. */
@Injectable()
export class ItemsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, item: NewItem): Promise<void> {
    await manager.query(
      `INSERT INTO backlog_items (id, project_id, number, track, kind, title, description, estimate, owners, labels, state, rank, created_at, created_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10::text[], $11, $12, $13, $14, $13)`,
      [
        item.id,
        item.projectId,
        item.number,
        item.track,
        item.kind,
        item.title,
        item.description,
        item.estimate,
        item.owners,
        item.labels,
        item.state,
        item.rank,
        item.createdAt,
        item.createdBy,
      ],
    );
  }

  /** One item of the project (in the caller's transaction when `manager` is given). */
  async byId(projectId: string, itemId: string, manager: EntityManager = this.dataSource.manager): Promise<ItemRow | null> {
    const rows: ItemRow[] = await manager.query(
      `SELECT ${ITEM_COLUMNS} FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id WHERE i.id = $1 AND i.project_id = $2`,
      [itemId, projectId],
    );
    return rows[0] ?? null;
  }

  /** By `<KEY>-<n>`: the project's key compared case-insensitively (keys are stored upper-case). */
  async byKey(projectId: string, projectKey: string, number: number): Promise<ItemRow | null> {
    if (!Number.isSafeInteger(number) || number < 1 || number > MAX_ITEM_NUMBER) return null;
    const rows: ItemRow[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id
        WHERE i.project_id = $1 AND p.key = upper($2) AND i.number = $3`,
      [projectId, projectKey, number],
    );
    return rows[0] ?? null;
  }

  async updateFields(manager: EntityManager, itemId: string, values: ItemFieldValues): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [itemId];
    for (const [field, column] of Object.entries(EDITABLE_COLUMNS) as Array<[keyof ItemFieldValues, string]>) {
      if (values[field] === undefined) continue;
      params.push(values[field]);
      const cast = field === 'owners' ? '::uuid[]' : field === 'labels' ? '::text[]' : '';
      sets.push(`${column} = $${params.length}${cast}`);
    }
    if (sets.length === 0) return;
    await manager.query(`UPDATE backlog_items SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async setState(
    manager: EntityManager,
    itemId: string,
    state: ItemState,
    marks: { delivered?: Date; accepted?: { at: Date; by: string; overrideReason: string | null } },
  ): Promise<void> {
    await manager.query(
      `UPDATE backlog_items
          SET state = $2,
              delivered_at = COALESCE($3, delivered_at),
              accepted_at = CASE WHEN $4::timestamptz IS NULL THEN accepted_at ELSE $4::timestamptz END,
              accepted_by = CASE WHEN $4::timestamptz IS NULL THEN accepted_by ELSE $5 END,
              acceptance_override_reason = CASE WHEN $4::timestamptz IS NULL THEN acceptance_override_reason ELSE $6 END
        WHERE id = $1`,
      [itemId, state, marks.delivered ?? null, marks.accepted?.at ?? null, marks.accepted?.by ?? null, marks.accepted?.overrideReason ?? null],
    );
  }

  async setRank(manager: EntityManager, itemId: string, rank: string): Promise<void> {
    await manager.query(`UPDATE backlog_items SET rank = $2 WHERE id = $1`, [itemId, rank]);
  }

  /** The greatest rank of the track (under the track lock: where a new item goes). */
  async lastRank(manager: EntityManager, projectId: string, track: Track): Promise<string | null> {
    const rows: Array<{ rank: string }> = await manager.query(
      `SELECT rank FROM backlog_items WHERE project_id = $1 AND track = $2 ORDER BY rank DESC LIMIT 1`,
      [projectId, track],
    );
    return rows[0]?.rank ?? null;
  }

  /** The rank next to `rank` on the track in one direction, leaving out `exceptId` (the item being moved). */
  async neighbourRank(manager: EntityManager, projectId: string, track: Track, rank: string, side: 'BEFORE' | 'AFTER', exceptId: string): Promise<string | null> {
    // The comparison and order are fixed per side; `rank` compares with the column's "C" collation.
    const sql =
      side === 'BEFORE'
        ? `SELECT rank FROM backlog_items WHERE project_id = $1 AND track = $2 AND rank < $3 AND id <> $4 ORDER BY rank DESC LIMIT 1`
        : `SELECT rank FROM backlog_items WHERE project_id = $1 AND track = $2 AND rank > $3 AND id <> $4 ORDER BY rank ASC LIMIT 1`;
    const rows: Array<{ rank: string }> = await manager.query(sql, [projectId, track, rank, exceptId]);
    return rows[0]?.rank ?? null;
  }

  /** Items of the track whose estimate is not one of `allowed` (for a scale change). */
  async estimatesOutside(manager: EntityManager, projectId: string, track: Track, allowed: readonly string[]): Promise<Array<{ key: string; estimate: string }>> {
    const rows: Array<{ key: string; estimate: string }> = await manager.query(
      `SELECT p.key || '-' || i.number AS key, i.estimate
         FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id
        WHERE i.project_id = $1 AND i.track = $2 AND i.estimate IS NOT NULL AND NOT (i.estimate = ANY($3::text[]))
        ORDER BY i.number`,
      [projectId, track, [...allowed]],
    );
    return rows;
  }

  /** `<KEY>-<n>` of each id of the project (ids of other projects are left out). */
  async keysOf(manager: EntityManager, projectId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; key: string }> = await manager.query(
      `SELECT i.id, p.key || '-' || i.number AS key FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id
        WHERE i.project_id = $1 AND i.id = ANY($2::uuid[])`,
      [projectId, [...ids]],
    );
    return new Map(rows.map((r) => [r.id, r.key]));
  }
}
