/**
 * The best hand-written DuckDB SQL we found for one trend question, as the yardstick of the trend
 * engine's speed: **distinct persons per local day of one event over a date range** (the engine's
 * `UNIQUE_PERSONS` series with a `DAY` interval, no filters, no breakdown, at the current data).
 *
 * Parameters:
 * - `$1` project id (VARCHAR)
 * - `$2` from (TIMESTAMPTZ, inclusive)
 * - `$3` to (TIMESTAMPTZ, exclusive)
 * - `$4` event name (VARCHAR)
 * - `$5` IANA time zone (VARCHAR)
 *
 * Returns `(bucket VARCHAR 'YYYY-MM-DDTHH:mm:ss', persons BIGINT)`, one row per local day that has
 * events, ascending.
 *
 * It answers the same question as the engine: persons, not distinct ids (the link's person once an
 * identity link covers the id, else the distinct id; here every stored link counts, i.e. "as of the
 * current data"). What makes it fast (the fastest of the forms we measured; docs/performance.md):
 * - local days without a time zone conversion per row: the UTC offset is read per UTC hour of the
 *   range (a few hundred ICU calls), reduced to the offset before and after the range's one DST
 *   change (a 30-day range has at most one), and applied by integer arithmetic;
 * - integer day keys, and a first DISTINCT over (day, distinct id) on the raw column; only the
 *   reduced rows are mapped to persons through `identity_links` and deduplicated again (a wide
 *   DISTINCT over a per-row CASE on two string columns costs ~20% more).
 */
export function trendBaselineSql(): string {
  return `
    WITH hs AS (
      SELECT h, epoch_us(timezone(CAST($5 AS VARCHAR), make_timestamptz(h * 3600000000))) - h * 3600000000 AS off
      FROM range(epoch_us(CAST($2 AS TIMESTAMPTZ)) // 3600000000, epoch_us(CAST($3 AS TIMESTAMPTZ)) // 3600000000 + 1) t(h)
    ), o AS (
      SELECT arg_min(off, h) AS off0, arg_max(off, h) AS off1,
             coalesce(min(h) FILTER (WHERE off <> (SELECT arg_min(off, h) FROM hs)) * 3600000000, 9000000000000000000) AS change_us
      FROM hs
    ), d AS (
      SELECT DISTINCT
             (epoch_us(e.timestamp) + CASE WHEN epoch_us(e.timestamp) < o.change_us THEN o.off0 ELSE o.off1 END + 86400000000000000) // 86400000000 AS k,
             e.distinct_id AS did
      FROM events e, o
      WHERE e.project_id = CAST($1 AS VARCHAR) AND e.event = CAST($4 AS VARCHAR)
        AND e.timestamp >= CAST($2 AS TIMESTAMPTZ) AND e.timestamp < CAST($3 AS TIMESTAMPTZ)
    ), p AS (
      SELECT DISTINCT d.k, coalesce(l.person_id, d.did) AS person
      FROM d LEFT JOIN identity_links l ON l.project_id = CAST($1 AS VARCHAR) AND l.distinct_id = d.did
    )
    SELECT strftime(make_timestamp(k * 86400000000 - 86400000000000000), '%Y-%m-%dT%H:%M:%S') AS bucket, count(*) AS persons
    FROM p GROUP BY k ORDER BY k`;
}
