/**
 * The best hand-written DuckDB SQL we found for one funnel question, as the yardstick of the funnel
 * engine's speed: **a 3-step ORDERED funnel with a conversion window, over a date range, persons
 * per step** (the furthest step of each person), at the current data.
 *
 * Parameters:
 * - `$1` project id (VARCHAR)
 * - `$2` from (TIMESTAMPTZ, inclusive)
 * - `$3` to (TIMESTAMPTZ, exclusive)
 * - `$4`, `$5`, `$6` the step event names (VARCHAR), in funnel order
 * - `$7` conversion window in milliseconds (BIGINT; inclusive: last step − first step ≤ window)
 *
 * Returns `(step BIGINT, persons BIGINT)` for steps 0, 1, 2, ordered by step: persons whose
 * furthest step is that step or a later one.
 *
 * It answers the same question as the engine (docs/metrics.md "Funnel"): persons, not distinct ids
 * (the link's person once an identity link covers the id, else the distinct id: every stored link
 * counts, i.e. "as of the current data"); every step event in the range; events of a person ordered
 * by (timestamp, event id); a step is reached when some path e0 < e1 < e2 (that order) has
 * ts(e2) − ts(e0) ≤ window. What makes it fast (variants measured on 10M events: docs/metrics.md
 * "Funnel", "Performance"):
 * - the name list is written `(event IN (...)) = true`, which DuckDB pushes into the table scan as
 *   an expression filter: the other columns are decoded only for the step events (a bare `IN` is
 *   only a zone-map hint and every row of the range is decoded first: ~1.5× slower; one scan per
 *   name with `=` and UNION ALL: ~1.2× slower);
 * - one window pass per person: for each step-1 event, the latest step-0 event before it (prefix
 *   max) and the first step-2 event after it (suffix min); step 2 is reached when some step-1 event
 *   has both within the window (the latest start and the earliest end are the best choice), step 1
 *   when the start alone is;
 * - the window is partitioned by a 64-bit hash of the person and ordered by timestamp only
 *   (sorting on the person and event id strings costs ~1.4×); that is exact unless two persons
 *   share a hash or a person has two step events at the same timestamp, so such buckets are
 *   detected in the same pass and recounted by person id with the (timestamp, id) order (the
 *   second scan only runs when there are some).
 */
export function funnelBaselineSql(): string {
  const scan = (withId: boolean) => `
    SELECT coalesce(e.person_id, e.distinct_id) AS person, epoch_us(e.timestamp) AS t${withId ? ', e.id' : ''},
           e.event = CAST($4 AS VARCHAR) AS m0, e.event = CAST($5 AS VARCHAR) AS m1, e.event = CAST($6 AS VARCHAR) AS m2
    FROM events e
    WHERE e.project_id = CAST($1 AS VARCHAR)
      AND e.timestamp >= CAST($2 AS TIMESTAMPTZ) AND e.timestamp < CAST($3 AS TIMESTAMPTZ)
      AND (e.event IN (CAST($4 AS VARCHAR), CAST($5 AS VARCHAR), CAST($6 AS VARCHAR))) = true`;
  const windowUs = 'CAST($7 AS BIGINT) * 1000';
  const level = `max(CASE WHEN m1 AND b - a <= ${windowUs} THEN 2 WHEN m1 AND t - a <= ${windowUs} THEN 1 WHEN m0 THEN 0 END)`;
  return `
WITH ev AS (${scan(false)}),
w AS (
  SELECT h, person, t, m0, m1,
         max(t) FILTER (WHERE m0) OVER (PARTITION BY h ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS a,
         min(t) FILTER (WHERE m2) OVER (PARTITION BY h ORDER BY t ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS b,
         coalesce(lag(t) OVER (PARTITION BY h ORDER BY t) = t, false) AS tie
  FROM (SELECT *, hash(person) AS h FROM ev)
),
per AS (
  SELECT h, coalesce(min(person) <> max(person) OR bool_or(tie), false) AS flagged, ${level} AS lvl
  FROM w GROUP BY h
),
xw AS (
  SELECT person, t, m0, m1,
         max(t) FILTER (WHERE m0) OVER (PARTITION BY person ORDER BY t, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS a,
         min(t) FILTER (WHERE m2) OVER (PARTITION BY person ORDER BY t, id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS b
  FROM (${scan(true)}) x
  WHERE hash(person) IN (SELECT h FROM per WHERE flagged)
),
lv AS (
  SELECT lvl FROM per WHERE NOT flagged
  UNION ALL
  SELECT ${level} FROM xw GROUP BY person
)
SELECT s.step, count(*) FILTER (WHERE lv.lvl >= s.step) AS persons
FROM lv, range(3) s(step)
GROUP BY s.step
ORDER BY s.step`;
}
