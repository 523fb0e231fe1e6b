import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BacklogItemKind, BacklogItemLinkDto, BacklogItemState, BacklogLinkDto, BacklogTrack } from '@fulcrum/contracts';
import type { LinkType } from '../domain/backlog.vocabulary';
import { ACTIVITY_COLUMNS, type ActivityRowValues } from '../activity/item-activity.recorder';
import { ordersWork } from '../domain/link-type.catalog';
import { preparedQuery } from '../infrastructure/prepared-query';
import { returningRows } from '../infrastructure/returning-rows';

export interface LinkRow {
  id: string;
  project_id: string;
  from_item_id: string;
  to_item_id: string;
  type: LinkType;
  created_at: Date;
  created_by: string;
  removed_at: Date | null;
  removed_by: string | null;
}

const LINK_COLUMNS = 'l.id, l.project_id, l.from_item_id, l.to_item_id, l.type, l.created_at, l.created_by, l.removed_at, l.removed_by';

interface LinkWithOtherRow extends LinkRow {
  other_id: string;
  other_key: string;
  other_title: string;
  other_track: BacklogTrack;
  other_kind: BacklogItemKind;
  other_state: BacklogItemState;
}

/** `backlog_links`: removed links stay, marked removed; only live ones (removed_at null) count. */
@Injectable()
export class LinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a live link and bumps its `from` item's version (the caller holds that item's lock), in one statement. */
  async insert(
    manager: EntityManager,
    link: { id: string; projectId: string; fromItemId: string; toItemId: string; type: LinkType; createdAt: Date; createdBy: string },
  ): Promise<{ link: LinkRow; fromItemVersion: number }> {
    const rows: Array<LinkRow & { from_item_version: number }> = await manager.query(
      `WITH link AS (
         INSERT INTO backlog_links (id, project_id, from_item_id, to_item_id, type, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, project_id, from_item_id, to_item_id, type, created_at, created_by, removed_at, removed_by
       ), bumped AS (
         UPDATE backlog_items SET version = version + 1, updated_at = now() WHERE id = $3 RETURNING version
       )
       SELECT link.*, bumped.version AS from_item_version FROM link, bumped`,
      [link.id, link.projectId, link.fromItemId, link.toItemId, link.type, link.createdAt, link.createdBy],
    );
    return split(rows[0]);
  }

  /**
   * A link addition checked against the project's state at `graphVersion`, in ONE statement (so
   * atomic without BEGIN/COMMIT, and one round trip): it locks the project row, then the `from`
   * item's row (the order every writer keeps), and only when the project is still at
   * `graphVersion` and the item at `expectedVersion` does it bump both, insert the link and insert
   * its activity row. Otherwise it writes nothing and answers what it found under those locks:
   * the project's graph version and key, the item's version and number (null when absent).
   */
  async addAtGraphVersion(
    manager: EntityManager,
    change: {
      graphVersion: number;
      expectedVersion: number;
      link: { id: string; projectId: string; fromItemId: string; toItemId: string; type: LinkType; createdAt: Date; createdBy: string };
      /** Its activity row (on the `from` item, in the link's project: the statement writes those ids). */
      activity: ActivityRowValues;
    },
  ): Promise<LinkAddition> {
    const { link, activity } = change;
    const rows = await preparedQuery<AdditionRow>(
      manager,
      'backlog.links.add-at-graph-version',
      `WITH project AS MATERIALIZED (
         -- The lock the claim's UPDATE takes (NO KEY UPDATE): the foreign-key checks of other writers' rows (KEY SHARE) pass it.
         SELECT graph_version, key FROM backlog_projects WHERE project_id = $1 FOR NO KEY UPDATE
       ), item AS MATERIALIZED (
         -- After the project's lock (a one-time filter on it), never before: the lock order of every writer; the guard's lock (ItemChangeGuard).
         SELECT version, number FROM backlog_items WHERE id = $2 AND project_id = $1 AND EXISTS (SELECT 1 FROM project) FOR UPDATE
       ), go AS MATERIALIZED (
         SELECT 1 FROM project, item WHERE project.graph_version = $3 AND item.version = $4
       ), claimed AS (
         UPDATE backlog_projects SET graph_version = graph_version + 1 WHERE project_id = $1 AND EXISTS (SELECT 1 FROM go) RETURNING graph_version
       ), bumped AS (
         UPDATE backlog_items SET version = version + 1, updated_at = now() WHERE id = $2 AND project_id = $1 AND EXISTS (SELECT 1 FROM go) RETURNING version
       ), link AS (
         INSERT INTO backlog_links (id, project_id, from_item_id, to_item_id, type, created_at, created_by)
         SELECT $5, $1, $2, $6, $7, $8, $9 FROM bumped
         RETURNING id, project_id, from_item_id, to_item_id, type, created_at, created_by, removed_at, removed_by
       ), activity AS (
         INSERT INTO backlog_activity (${ACTIVITY_COLUMNS})
         SELECT $10, $1, $2, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $18 FROM link
         RETURNING id
       )
       SELECT project.graph_version AS graph_version, project.key AS project_key, item.version AS item_version, item.number AS item_number,
              bumped.version AS from_item_version, activity.id AS activity_id, link.*
         FROM project LEFT JOIN item ON true LEFT JOIN bumped ON true LEFT JOIN link ON true LEFT JOIN activity ON true`,
      [
        link.projectId,
        link.fromItemId,
        change.graphVersion,
        change.expectedVersion,
        link.id,
        link.toItemId,
        link.type,
        link.createdAt,
        link.createdBy,
        activity[0],
        activity[3],
        activity[4],
        activity[5],
        activity[6],
        activity[7],
        activity[8],
        activity[9],
        activity[10],
      ],
    );
    const row = rows[0];
    if (!row) return { added: null, found: null };
    const found = { graphVersion: Number(row.graph_version), projectKey: row.project_key, item: row.item_version === null ? null : { version: row.item_version, number: row.item_number as number } };
    if (row.id === null || row.from_item_version === null || row.activity_id === null) return { added: null, found };
    const added: LinkRow = {
      id: row.id,
      project_id: row.project_id,
      from_item_id: row.from_item_id,
      to_item_id: row.to_item_id,
      type: row.type,
      created_at: row.created_at,
      created_by: row.created_by,
      removed_at: row.removed_at,
      removed_by: row.removed_by,
    };
    return { added: { link: added, fromItemVersion: row.from_item_version }, found };
  }

  /**
   * Where a project and one of its items stand now (no lock): the graph version a refusal computed
   * from the in-memory state must match, and the item's version a CONFLICT is decided on. Null when
   * the backlog does not know the project; `item` null when the project has no such item.
   */
  async standing(projectId: string, itemId: string): Promise<LinkAddition['found']> {
    const rows = await preparedQuery<{ graph_version: string; project_key: string; version: number | null; number: number | null }>(
      this.dataSource.manager,
      'backlog.links.standing',
      `SELECT p.graph_version, p.key AS project_key, i.version, i.number
         FROM backlog_projects p LEFT JOIN backlog_items i ON i.id = $2 AND i.project_id = p.project_id
        WHERE p.project_id = $1`,
      [projectId, itemId],
    );
    const row = rows[0];
    if (!row) return null;
    return { graphVersion: Number(row.graph_version), projectKey: row.project_key, item: row.version === null ? null : { version: row.version, number: row.number as number } };
  }

  /** Marks a live link removed and bumps its `from` item's version, in one statement; null when it was not live. */
  async markRemoved(manager: EntityManager, linkId: string, fromItemId: string, at: Date, by: string): Promise<{ link: LinkRow; fromItemVersion: number } | null> {
    const rows = returningRows<LinkRow & { from_item_version: number }>(
      await manager.query(
        `WITH removed AS (
           UPDATE backlog_links SET removed_at = $3, removed_by = $4 WHERE id = $1 AND from_item_id = $2 AND removed_at IS NULL
           RETURNING id, project_id, from_item_id, to_item_id, type, created_at, created_by, removed_at, removed_by
         ), bumped AS (
           UPDATE backlog_items SET version = version + 1, updated_at = now() WHERE id = $2 AND EXISTS (SELECT 1 FROM removed) RETURNING version
         )
         SELECT removed.*, bumped.version AS from_item_version FROM removed, bumped`,
        [linkId, fromItemId, at, by],
      ),
    );
    return rows[0] ? split(rows[0]) : null;
  }

  /** An item's links in one direction with the item at the other end, oldest first. */
  async ofItem(projectId: string, itemId: string, direction: 'OUTGOING' | 'INCOMING', includeRemoved: boolean): Promise<BacklogItemLinkDto[]> {
    // Two fixed variants: which end is the item, which the other.
    const [mine, other] = direction === 'OUTGOING' ? ['from_item_id', 'to_item_id'] : ['to_item_id', 'from_item_id'];
    const rows: LinkWithOtherRow[] = await this.dataSource.query(
      `SELECT ${LINK_COLUMNS}, o.id AS other_id, p.key || '-' || o.number AS other_key, o.title AS other_title, o.track AS other_track,
              o.kind AS other_kind, o.state AS other_state
         FROM backlog_links l
         JOIN backlog_items o ON o.id = l.${other}
         JOIN backlog_projects p ON p.project_id = o.project_id
        WHERE l.project_id = $1 AND l.${mine} = $2 AND ($3::boolean OR l.removed_at IS NULL)
        ORDER BY l.created_at, l.id`,
      [projectId, itemId, includeRemoved],
    );
    return rows.map((r) => ({
      link: toLinkDto(r),
      other: { id: r.other_id, key: r.other_key, title: r.other_title, track: r.other_track, kind: r.other_kind, state: r.other_state },
    }));
  }
}

/** What `addAtGraphVersion` did: the link and its item's new version when added, and what it found under the locks. */
export interface LinkAddition {
  added: { link: LinkRow; fromItemVersion: number } | null;
  /** null when the backlog does not know the project. */
  found: { graphVersion: number; projectKey: string; item: { version: number; number: number } | null } | null;
}

interface AdditionRow extends Omit<LinkRow, 'id'> {
  id: string | null;
  graph_version: string;
  project_key: string;
  item_version: number | null;
  item_number: number | null;
  from_item_version: number | null;
  activity_id: string | null;
}

function split(row: (LinkRow & { from_item_version: number }) | undefined): { link: LinkRow; fromItemVersion: number } {
  if (!row) throw new Error('The link statement returned no row');
  const { from_item_version: fromItemVersion, ...link } = row;
  return { link, fromItemVersion };
}

export function toLinkDto(r: LinkRow): BacklogLinkDto {
  return {
    id: r.id,
    projectId: r.project_id,
    fromItemId: r.from_item_id,
    toItemId: r.to_item_id,
    type: r.type,
    ordersWork: ordersWork(r.type),
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    removedAt: r.removed_at?.toISOString() ?? null,
    removedBy: r.removed_by,
  };
}
