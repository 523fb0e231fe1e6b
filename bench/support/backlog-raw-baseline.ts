/**
 * The raw SQL baselines of the backlog benchmark: one statement each, straight on the backlog's
 * tables through `pg`, no service, no NATS. They answer the same questions as the RPCs, with the
 * least work SQL needs for them (no validation, no locks, no activity, no analysis).
 */
import type { Client } from 'pg';

/** The board page: the same filter and order as the service's board, one SELECT. */
const BOARD_PAGE_SQL = `
  SELECT i.id, i.project_id, p.key AS project_key, i.number, i.track, i.kind, i.title, i.description, i.estimate,
         i.owners, i.labels, i.state, i.rank, i.version, i.delivered_at, i.accepted_at, i.accepted_by, i.acceptance_override_reason,
         i.created_at, i.created_by, i.updated_at
    FROM backlog_items i JOIN backlog_projects p ON p.project_id = i.project_id
   WHERE i.project_id = $1 AND i.track = $2 AND i.state = ANY($3::text[]) AND ($4::text IS NULL OR i.rank > $4::text)
   ORDER BY i.rank COLLATE "C" LIMIT 50`;

/** Not part of the baseline: the service's board also counts the whole filtered list (`totalCount`); timed apart to see its share. */
const BOARD_COUNT_SQL = `SELECT count(*)::int AS count FROM backlog_items i WHERE i.project_id = $1 AND i.track = $2 AND i.state = ANY($3::text[])`;

/**
 * The cycle check and the insert in one statement: walk the live ordering links forward from `to`
 * (a recursive CTE, evaluated lazily, so EXISTS stops at the first path found) and insert only
 * when `from` is not reachable. No row returned = the link would close a cycle.
 */
const ADD_LINK_SQL = `
  WITH RECURSIVE reach(id) AS (
    SELECT $3::uuid
    UNION
    SELECT l.to_item_id FROM reach r JOIN backlog_links l ON l.from_item_id = r.id
     WHERE l.project_id = $1 AND l.removed_at IS NULL AND l.type IN ('BLOCKS', 'INSTRUMENTS')
  )
  INSERT INTO backlog_links (id, project_id, from_item_id, to_item_id, type, created_at, created_by)
  SELECT $4::uuid, $1::uuid, $2::uuid, $3::uuid, 'BLOCKS', now(), $5
   WHERE NOT EXISTS (SELECT 1 FROM reach WHERE id = $2::uuid)
  RETURNING id`;

/**
 * The neighbourhood: every item within `depth` hops of a root over live links of any type, both
 * directions (a recursive CTE), with the item fields a view shows and the live links among them.
 */
const NEIGHBOURHOOD_SQL = `
  WITH RECURSIVE walk(id, d) AS (
    SELECT r, 0 FROM unnest($2::uuid[]) AS r
    UNION
    SELECT CASE WHEN l.from_item_id = w.id THEN l.to_item_id ELSE l.from_item_id END, w.d + 1
      FROM walk w JOIN backlog_links l ON (l.from_item_id = w.id OR l.to_item_id = w.id)
     WHERE w.d < $3 AND l.project_id = $1 AND l.removed_at IS NULL
  ),
  nodes AS (SELECT id, min(d) AS d FROM walk GROUP BY id)
  SELECT
    (SELECT json_agg(json_build_object('id', i.id, 'key', p.key || '-' || i.number, 'title', i.title, 'track', i.track, 'kind', i.kind,
                                       'state', i.state, 'estimate', i.estimate, 'owners', i.owners, 'distance', n.d))
       FROM nodes n JOIN backlog_items i ON i.id = n.id JOIN backlog_projects p ON p.project_id = i.project_id) AS nodes,
    (SELECT json_agg(json_build_object('id', l.id, 'from', l.from_item_id, 'to', l.to_item_id, 'type', l.type))
       FROM backlog_links l JOIN nodes a ON a.id = l.from_item_id JOIN nodes b ON b.id = l.to_item_id
      WHERE l.project_id = $1 AND l.removed_at IS NULL) AS edges`;

export interface RawBoardPage {
  ids: string[];
  lastRank: string | null;
}

export class RawBaseline {
  constructor(
    private readonly client: Client,
    private readonly projectId: string,
  ) {}

  async boardPage(track: string, states: readonly string[], afterRank: string | null): Promise<RawBoardPage> {
    const { rows } = await this.client.query<{ id: string; rank: string }>(BOARD_PAGE_SQL, [this.projectId, track, [...states], afterRank]);
    return { ids: rows.map((r) => r.id), lastRank: rows[rows.length - 1]?.rank ?? null };
  }

  async boardCount(track: string, states: readonly string[]): Promise<number> {
    const { rows } = await this.client.query<{ count: number }>(BOARD_COUNT_SQL, [this.projectId, track, [...states]]);
    return rows[0]?.count ?? 0;
  }

  /** true when the link was inserted, false when it would close a cycle. */
  async addLink(linkId: string, fromItemId: string, toItemId: string, actor: string): Promise<boolean> {
    const { rowCount } = await this.client.query(ADD_LINK_SQL, [this.projectId, fromItemId, toItemId, linkId, actor]);
    return rowCount === 1;
  }

  /** Takes the baseline's links out again (untimed), so the service meets the graph the baseline met. */
  async removeLinks(linkIds: readonly string[]): Promise<void> {
    await this.client.query('DELETE FROM backlog_links WHERE id = ANY($1::uuid[])', [[...linkIds]]);
    await this.client.query('VACUUM ANALYZE backlog_links');
  }

  async neighbourhood(roots: readonly string[], depth: number): Promise<{ nodes: number; edges: number }> {
    const { rows } = await this.client.query<{ nodes: unknown[] | null; edges: unknown[] | null }>(NEIGHBOURHOOD_SQL, [this.projectId, [...roots], depth]);
    return { nodes: rows[0]?.nodes?.length ?? 0, edges: rows[0]?.edges?.length ?? 0 };
  }
}
