import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ItemKind, ItemState, LinkType, Track } from '../domain/backlog.vocabulary';

export interface GraphItemRow {
  id: string;
  key: string;
  title: string;
  track: Track;
  kind: ItemKind;
  state: ItemState;
  estimate: string | null;
  owners: string[];
}

export interface GraphLinkRow {
  id: string;
  from_item_id: string;
  to_item_id: string;
  type: LinkType;
}

/** Ids per query: far below PostgreSQL's limits, large enough for few round trips. */
const CHUNK = 10_000;

/** The reads of the dependency view; every id list is bound as one array parameter. */
@Injectable()
export class GraphRepository {
  constructor(private readonly dataSource: DataSource) {}

  async items(projectId: string, ids: readonly string[]): Promise<GraphItemRow[]> {
    const out: GraphItemRow[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows: GraphItemRow[] = await this.dataSource.query(
        `SELECT i.id, p.key || '-' || i.number AS key, i.title, i.track, i.kind, i.state, i.estimate, i.owners
           FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id
          WHERE i.project_id = $1 AND i.id = ANY($2::uuid[])`,
        [projectId, ids.slice(i, i + CHUNK)],
      );
      out.push(...rows);
    }
    return out;
  }

  /** Ids of a track's items (optionally in `states`), in rank order, at most `limit`. */
  async trackItemIds(projectId: string, track: Track, states: readonly ItemState[] | undefined, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM backlog_items WHERE project_id = $1 AND track = $2 AND ($3::text[] IS NULL OR state = ANY($3::text[])) ORDER BY rank LIMIT $4`,
      [projectId, track, states ? [...states] : null, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Live links touching the frontier in the given direction(s). */
  async linksAround(projectId: string, frontier: readonly string[], outgoing: boolean, incoming: boolean): Promise<GraphLinkRow[]> {
    return this.dataSource.query(
      `SELECT id, from_item_id, to_item_id, type FROM backlog_links
        WHERE project_id = $1 AND removed_at IS NULL
          AND (($3::boolean AND from_item_id = ANY($2::uuid[])) OR ($4::boolean AND to_item_id = ANY($2::uuid[])))`,
      [projectId, [...frontier], outgoing, incoming],
    );
  }

  /** Live links of every type between the given items. */
  async linksBetween(projectId: string, ids: readonly string[]): Promise<GraphLinkRow[]> {
    return this.dataSource.query(
      `SELECT id, from_item_id, to_item_id, type FROM backlog_links
        WHERE project_id = $1 AND removed_at IS NULL AND from_item_id = ANY($2::uuid[]) AND to_item_id = ANY($2::uuid[])
        ORDER BY created_at, id`,
      [projectId, [...ids]],
    );
  }
}
