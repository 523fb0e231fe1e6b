import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ItemState, Track } from '../domain/backlog.vocabulary';
import { preparedQuery } from '../infrastructure/prepared-query';

/** Display rows and the project's graph version, read by one statement (so they belong together). */
export interface DisplayRows {
  /** null when the backlog does not know the project. */
  version: number | null;
  projectKey: string | null;
  /** Per item number asked for, in the order asked: its title and owners; `found` counts the numbers the project has. */
  titles: string[];
  owners: string[][];
  found: number;
}

interface DisplayRow {
  v: string;
  project_key: string;
  number: number | null;
  title: string;
  /** Comma-separated user ids (cheaper to split than a `uuid[]` is to parse). */
  owners: string;
}

/**
 * The dependency view's reads: what the in-memory state leaves out (display fields; a track's
 * items in rank order), each with the project's graph version from the same statement, so the
 * caller can tell whether its in-memory state was current. Id lists are bound as one array.
 */
@Injectable()
export class GraphRepository {
  /**
   * The display fields the in-memory state leaves out (title, owners) of the items numbered
   * `numbers` (`<KEY>-<number>`: unique in the project), placed in the order asked. By number, not
   * id: 2,000 integers bind and look up (the (project, number) index) cheaper than 2,000 uuids.
   */
  async display(manager: EntityManager, projectId: string, numbers: readonly number[]): Promise<DisplayRows> {
    // From the project row outwards: its version comes back even when no item is asked for.
    const found = await preparedQuery<DisplayRow>(
      manager,
      'backlog.graph.display',
      `SELECT p.graph_version AS v, p.key AS project_key, i.number, i.title, array_to_string(i.owners, ',') AS owners
         FROM backlog_projects p LEFT JOIN backlog_items i ON i.project_id = p.project_id AND i.number = ANY($2::int[])
        WHERE p.project_id = $1`,
      [projectId, numbers],
    );
    const at = new Map<number, number>();
    numbers.forEach((number, index) => at.set(number, index));
    const titles = new Array<string>(numbers.length);
    const owners = new Array<string[]>(numbers.length);
    let count = 0;
    for (const r of found) {
      const index = r.number === null ? undefined : at.get(r.number);
      if (index === undefined) continue;
      titles[index] = r.title;
      owners[index] = r.owners === '' ? [] : r.owners.split(',');
      count++;
    }
    return { version: found[0] ? Number(found[0].v) : null, projectKey: found[0]?.project_key ?? null, titles, owners, found: count };
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
