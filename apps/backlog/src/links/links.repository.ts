import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BacklogItemKind, BacklogItemLinkDto, BacklogItemState, BacklogLinkDto, BacklogTrack } from '@fulcrum/contracts';
import type { LinkType } from '../domain/backlog.vocabulary';
import { ordersWork } from '../domain/link-type.catalog';
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
