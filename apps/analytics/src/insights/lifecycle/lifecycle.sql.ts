import type { LifecycleQuery } from '@fulcrum/contracts';
import type { InsightScope } from '../core/insight-scope';
import { type ResolvedRange, scopedEventsSql } from '../core/scoped-events.sql';
import { SqlParams } from '../core/sql-params';
import { BUCKET_LABEL_FORMAT, type CalendarBuckets, INTERVAL_UNITS } from '../core/calendar-buckets.sql';
import { localMicrosSql } from '../core/utc-offsets.sql';

/**
 * The lifecycle of one query as one statement. Rows: `bucket` (label), `n_new`, `n_returning`,
 * `n_resurrecting`, `n_dormant` (a positive count); several rows may name the same bucket (sum them).
 *
 * - `bk`: the buckets from the one before the range to the last (listed by the caller), with their
 *   neighbours;
 * - `a`: (bucket, person) activity: the event with the filters, in the range for the range's
 *   buckets, in the whole previous bucket for that one;
 * - `s`: each activity row with the person's previous and next active bucket;
 * - `c`: creation bucket of every person (first event of any name, all time, as of the version;
 *   a creation before the loaded UTC offsets is long before the range: no bucket). One grouped
 *   scan of the project's history: measured cheaper than restricting it with a semi-join to the
 *   persons whose first activity row is in the range (only those rows read it);
 * - new: no earlier activity and created in the bucket; returning: the previous active bucket is
 *   the previous bucket; resurrecting: the others; dormant in bucket x: active in x's previous
 *   bucket, and the next active bucket is not x.
 */
export function lifecycleSql(scope: InsightScope, query: LifecycleQuery, range: ResolvedRange, buckets: CalendarBuckets): { sql: string; params: SqlParams['values'] } {
  const p = new SqlParams();
  const unit = INTERVAL_UNITS[query.interval];
  const labels = p.addTyped([buckets.previous.label, ...buckets.labels].join(','), 'VARCHAR');
  const first = p.addTyped(buckets.labels[0] ?? '', 'TIMESTAMP');
  const activity = scopedEventsSql(scope, p, {
    events: [query.event],
    range: { from: new Date(Math.floor(buckets.previous.startUs / 1000)).toISOString(), to: range.to },
    filters: query.filters ?? [],
  });
  const local = localMicrosSql('epoch_us(e.ts)', buckets.offsets, p);
  const fromUs = p.addTyped(BigInt(Date.parse(range.from)) * 1000n, 'BIGINT');
  const firstStartUs = p.addTyped(BigInt(buckets.startUs[0] ?? 0), 'BIGINT');
  const everything = scopedEventsSql(scope, p, {});
  const to = p.addTyped(range.to, 'TIMESTAMPTZ');
  const offsetsFromUs = p.addTyped(BigInt(buckets.offsetsFromUs), 'BIGINT');
  const createdLocal = localMicrosSql('created_us', buckets.offsets, p);
  const sql = `
    WITH bk AS (
      SELECT b, lag(b) OVER (ORDER BY b) AS prev, lead(b) OVER (ORDER BY b) AS next, b >= ${first} AS in_range
      FROM (SELECT CAST(unnest(string_split(${labels}, ',')) AS TIMESTAMP) AS b)
    ), a AS (
      SELECT DISTINCT date_trunc('${unit}', make_timestamp(${local})) AS b, e.person_id AS p
      FROM (${activity}) e
      WHERE epoch_us(e.ts) >= ${fromUs} OR epoch_us(e.ts) < ${firstStartUs}
    ), s AS (
      SELECT b, p, lag(b) OVER w AS pb, lead(b) OVER w AS nb FROM a WINDOW w AS (PARTITION BY p ORDER BY b)
    ), c AS (
      SELECT p, CASE WHEN created_us >= ${offsetsFromUs} THEN date_trunc('${unit}', make_timestamp(${createdLocal})) END AS cb
      FROM (
        SELECT e.person_id AS p, min(epoch_us(e.ts)) AS created_us
        FROM (${everything}) e
        WHERE e.ts < ${to}
        GROUP BY e.person_id
      )
    ), j AS (
      SELECT s.*, bk.prev, bk.next, bk.in_range, c.cb
      FROM s JOIN bk ON bk.b = s.b LEFT JOIN c ON c.p = s.p
    )
    SELECT strftime(b, '${BUCKET_LABEL_FORMAT}') AS bucket,
           count(*) FILTER (WHERE pb IS NULL AND cb = b) AS n_new,
           count(*) FILTER (WHERE pb IS NOT NULL AND pb = prev) AS n_returning,
           count(*) FILTER (WHERE (pb IS NULL AND cb IS DISTINCT FROM b) OR (pb IS NOT NULL AND pb IS DISTINCT FROM prev)) AS n_resurrecting,
           0 AS n_dormant
    FROM j WHERE in_range GROUP BY b
    UNION ALL
    SELECT strftime(next, '${BUCKET_LABEL_FORMAT}') AS bucket, 0, 0, 0, count(*)
    FROM j WHERE next IS NOT NULL AND nb IS DISTINCT FROM next GROUP BY next`;
  return { sql, params: p.values };
}
