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
 * It answers the same question as the engine: persons, not distinct ids, so it uses the same person
 * expression (the link's person once an identity link covers the id, else the distinct id; here
 * every stored link counts, i.e. "as of the current data"). What makes it fast:
 * - local days without a time zone conversion per row: the UTC offset is looked up per UTC hour of
 *   the range (a few hundred ICU calls), and only rows of an hour in which the offset changes are
 *   converted one by one;
 * - the persons are deduplicated per (day, person) with a plain DISTINCT, then counted per day (a
 *   two-phase distinct count parallelises better than `count(DISTINCT ...)` per group).
 */
export function trendBaselineSql(): string {
  return `
    WITH hours AS (
      SELECT h,
             epoch_us(timezone(CAST($5 AS VARCHAR), make_timestamptz(h * 3600000000))) - h * 3600000000 AS off_start,
             epoch_us(timezone(CAST($5 AS VARCHAR), make_timestamptz(h * 3600000000 + 3599999999))) - (h * 3600000000 + 3599999999) AS off_end
      FROM range(epoch_us(CAST($2 AS TIMESTAMPTZ)) // 3600000000, epoch_us(CAST($3 AS TIMESTAMPTZ)) // 3600000000 + 1) t(h)
    ), days AS (
      SELECT DISTINCT
             date_trunc('day', make_timestamp(epoch_us(e.timestamp) + CASE WHEN hours.off_start = hours.off_end THEN hours.off_start
                                                                             ELSE epoch_us(timezone(CAST($5 AS VARCHAR), e.timestamp)) - epoch_us(e.timestamp) END)) AS day,
             CASE WHEN e.person_link_seq IS NOT NULL THEN e.person_id ELSE e.distinct_id END AS person
      FROM events e JOIN hours ON epoch_us(e.timestamp) // 3600000000 = hours.h
      WHERE e.project_id = CAST($1 AS VARCHAR) AND e.event = CAST($4 AS VARCHAR)
        AND e.timestamp >= CAST($2 AS TIMESTAMPTZ) AND e.timestamp < CAST($3 AS TIMESTAMPTZ)
    )
    SELECT strftime(day, '%Y-%m-%dT%H:%M:%S') AS bucket, count(*) AS persons
    FROM days GROUP BY day ORDER BY day`;
}
