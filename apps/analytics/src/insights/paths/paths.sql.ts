import type { InsightScope } from '../core/insight-scope';
import { type ResolvedRange, filtersPredicate, scopedEventsSql } from '../core/scoped-events.sql';
import type { SqlParams } from '../core/sql-params';
import type { NormalisedPathsQuery } from './paths.validation';

/**
 * The paths insight as one statement (docs/metrics.md "Paths"):
 *
 * 1. `ev`: the events that take part (range, filters, minus the excluded names), with
 *    `is_anchor` computed before the window so the properties are not carried through the sort.
 * 2. `win`: ONE window over each person's events in (timestamp, id) order: the names and
 *    microsecond timestamps of the next (or previous) `depth` events — `lead`/`lag`.
 * 3. `anchors`: the anchor occurrences; a step k belongs to the path when every gap from the
 *    anchor to it is at most the session gap (the session is cut at the first larger gap), so
 *    `n` = the number of steps in the session and `path` = those step names.
 * 4. `nodes`: per depth d, the node = the first d steps; paths = anchor occurrences, persons =
 *    distinct persons.
 * 5. `tree`: walks the nodes down from the anchor, one level per recursion step: the children
 *    of the kept nodes, ranked per parent (paths desc, target asc), the top `fanout` kept. Each
 *    kept edge carries the list of (−paths, target) of its ancestors and itself, so ordering by
 *    (depth, that list) lists edges by depth, then source node order, then paths desc, then
 *    target asc. `truncated`: the kept nodes (and the root) had more children than were kept.
 *
 * Returns rows `d` (0 for the anchor row), `node` (step names, anchor excluded), `paths`,
 * `persons`, `truncated` (anchor row only), ordered as the result lists them.
 */
export function pathsSql(scope: InsightScope, params: SqlParams, query: NormalisedPathsQuery, range: ResolvedRange): string {
  const scoped = scopedEventsSql(scope, params, { range, filters: query.filters });
  const exclude =
    query.excludeEvents.length === 0 ? 'true' : `s.event NOT IN (${query.excludeEvents.map((e) => params.addTyped(e, 'VARCHAR')).join(', ')})`;
  const anchorEvent = params.addTyped(query.event, 'VARCHAR');
  const anchorPredicate = filtersPredicate(scope, params, query.anchorFilters, 's', 's.person_id');
  const gapUs = params.addTyped(query.sessionGapMinutes * 60_000_000, 'BIGINT');
  const fanout = params.addTyped(query.fanout, 'BIGINT');
  const fn = query.direction === 'NEXT' ? 'lead' : 'lag';
  const steps = Array.from({ length: query.depth }, (_, i) => i + 1);

  // Step k (1-based) exists and is within the session: every gap up to it is ≤ the session gap.
  const gap = (k: number) => `abs(u${k} - ${k === 1 ? 'us' : `u${k - 1}`}) <= ${gapUs}`;
  const stepCount = `CASE ${steps.map((k) => `WHEN NOT coalesce(${gap(k)}, false) THEN ${k - 1}`).join(' ')} ELSE ${query.depth} END`;

  return `
    WITH RECURSIVE ev AS (
      SELECT s.id, s.event, s.person_id, s.ts, epoch_us(s.ts) AS us,
             (s.event = ${anchorEvent} AND ${anchorPredicate}) AS is_anchor
      FROM (${scoped}) s
      WHERE ${exclude}
    ),
    win AS (
      SELECT person_id, us, is_anchor,
             ${steps.map((k) => `${fn}(event, ${k}) OVER w AS e${k}, ${fn}(us, ${k}) OVER w AS u${k}`).join(',\n             ')}
      FROM ev
      WINDOW w AS (PARTITION BY person_id ORDER BY ts, id)
    ),
    anchors AS MATERIALIZED (
      SELECT person_id, list_slice([${steps.map((k) => `e${k}`).join(', ')}], 1, ${stepCount}) AS path
      FROM win
      WHERE is_anchor
    ),
    nodes AS MATERIALIZED (
      SELECT d, node, list_slice(node, 1, d - 1) AS parent, paths, persons
      FROM (
        SELECT d, list_slice(path, 1, d) AS node, count(*) AS paths, count(DISTINCT person_id) AS persons
        FROM (SELECT person_id, path, unnest(generate_series(1, len(path))) AS d FROM anchors WHERE len(path) > 0)
        GROUP BY d, node
      )
    ),
    tree(d, node, paths, persons, sort_key) AS MATERIALIZED (
      SELECT d, node, paths, persons, [struct_pack(p := -paths, n := node[1])]
      FROM nodes
      WHERE d = 1
      QUALIFY row_number() OVER (ORDER BY paths DESC, node[1] ASC) <= ${fanout}
      UNION ALL
      SELECT c.d, c.node, c.paths, c.persons, list_append(tree.sort_key, struct_pack(p := -c.paths, n := c.node[c.d]))
      FROM tree JOIN nodes c ON c.parent = tree.node
      QUALIFY row_number() OVER (PARTITION BY c.parent ORDER BY c.paths DESC, c.node[c.d] ASC) <= ${fanout}
    )
    SELECT 0 AS d, NULL::VARCHAR[] AS node,
           (SELECT count(*) FROM anchors) AS paths,
           (SELECT count(DISTINCT person_id) FROM anchors) AS persons,
           (SELECT count(*) FROM nodes WHERE d = 1 OR parent IN (SELECT node FROM tree)) > (SELECT count(*) FROM tree) AS truncated,
           NULL AS sort_key
    UNION ALL
    SELECT d, node, paths, persons, NULL AS truncated, sort_key
    FROM tree
    ORDER BY d, sort_key`;
}
