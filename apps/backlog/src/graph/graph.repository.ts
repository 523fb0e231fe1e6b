import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ItemKind, ItemState, Track } from '../domain/backlog.vocabulary';

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

/** Display rows and the project's graph version, read by one statement (so they belong together). */
export interface DisplayRows {
  /** null when the backlog does not know the project. */
  version: number | null;
  projectKey: string | null;
  rows: Map<string, GraphItemRow>;
}

interface DisplayRow {
  v: string;
  project_key: string;
  id: string | null;
  number: number | null;
  title: string;
  track: Track;
  kind: ItemKind;
  state: ItemState;
  estimate: string | null;
  owners: string[];
}

/**
 * The dependency view's reads: what the in-memory state leaves out (display fields; a track's
 * items in rank order), each with the project's graph version from the same statement, so the
 * caller can tell whether its in-memory state was current. Id lists are bound as one array.
 */
@Injectable()
export class GraphRepository {
  async display(manager: EntityManager, projectId: string, ids: readonly string[]): Promise<DisplayRows> {
    // From the project row outwards: its version comes back even when no item is asked for.
    const found: DisplayRow[] = await manager.query(
      `SELECT p.graph_version AS v, p.key AS project_key, i.id, i.number, i.title, i.track, i.kind, i.state, i.estimate, i.owners
         FROM backlog_projects p LEFT JOIN backlog_items i ON i.project_id = p.project_id AND i.id = ANY($2::uuid[])
        WHERE p.project_id = $1`,
      [projectId, [...ids]],
    );
    const rows = new Map<string, GraphItemRow>();
    for (const r of found) {
      if (r.id === null) continue;
      rows.set(r.id, { id: r.id, key: `${r.project_key}-${r.number}`, title: r.title, track: r.track, kind: r.kind, state: r.state, estimate: r.estimate, owners: r.owners });
    }
    return { version: found[0] ? Number(found[0].v) : null, projectKey: found[0]?.project_key ?? null, rows };
  }

  /** Ids of a track's items (optionally in `states`), in rank order, at most `limit`, with the graph version. */
  async trackItemIds(manager: EntityManager, projectId: string, track: Track, states: readonly ItemState[] | undefined, limit: number): Promise<{ version: number | null; ids: string[] }> {
    const found: Array<{ v: string; id: string | null }> = await manager.query(
      `SELECT p.graph_version AS v, i.id
         FROM backlog_projects p
         LEFT JOIN LATERAL (
           SELECT id, rank FROM backlog_items
            WHERE project_id = p.project_id AND track = $2 AND ($3::text[] IS NULL OR state = ANY($3::text[]))
            ORDER BY rank LIMIT $4) i ON true
        WHERE p.project_id = $1
        ORDER BY i.rank`,
      [projectId, track, states ? [...states] : null, limit],
    );
    return { version: found[0] ? Number(found[0].v) : null, ids: found.flatMap((r) => (r.id === null ? [] : [r.id])) };
  }
}
