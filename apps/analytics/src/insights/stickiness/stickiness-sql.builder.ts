import type { StickinessQuery } from '@fulcrum/contracts';
import type { InsightScope } from '../core/insight-scope';
import { propertyValueSql } from '../core/property-filter.sql';
import type { ResolvedRange } from '../core/scoped-events.sql';
import { SqlParams, type SqlValue } from '../core/sql-params';
import { type BucketKeys, bucketKeySql } from '../core/bucket-key.sql';
import { breakdownTextSql, eventScanSql } from '../core/event-scan.sql';

export interface StickinessSqlContext {
  scope: InsightScope;
  query: StickinessQuery;
  range: ResolvedRange;
  keys: BucketKeys;
  breakdown: { property: string; limit: number } | null;
}

/**
 * The stickiness counts in one statement. Rows: `grp` (0 = every person; with a breakdown, the
 * value's rank 1..N, or N + 1 for "other"), `x` (distinct intervals), `persons`, `label` (the value
 * of ranks 1..N).
 *
 * Plan: one scan of the event in the range gives distinct (person, interval[, value]) triples; a
 * person's x is the number of their distinct intervals, over all their events (group 0) or over
 * the events of one value / of the values grouped as "other".
 */
export function stickinessSql(ctx: StickinessSqlContext): { sql: string; params: SqlValue[] } {
  const { scope, query, range, keys, breakdown } = ctx;
  const params = new SqlParams();
  const events = eventScanSql(scope, params, { event: query.event, filters: query.filters ?? [], from: range.from, to: range.to }, (person) => [
    `${person} AS person_id`,
    `${bucketKeySql(keys, params, 'e.timestamp')} AS b`,
    breakdown ? `${breakdownTextSql(propertyValueSql('e.properties', breakdown.property, params))} AS bv` : 'NULL::VARCHAR AS bv',
  ]);
  const everyone = `SELECT 0 AS grp, x, count(*) AS persons FROM (SELECT person_id, count(*) AS x FROM pb GROUP BY person_id) GROUP BY x`;
  if (!breakdown) {
    const sql = `
      WITH pb AS (SELECT person_id, b FROM (${events}) GROUP BY person_id, b)
      SELECT grp, x, persons, NULL::VARCHAR AS label FROM (${everyone})`;
    return { sql, params: params.values };
  }
  const limit = params.addTyped(BigInt(breakdown.limit), 'BIGINT');
  const sql = `
    WITH pbv AS (SELECT person_id, b, bv FROM (${events}) GROUP BY person_id, b, bv),
    pb AS (SELECT person_id, b FROM pbv GROUP BY person_id, b),
    rk AS (SELECT bv, row_number() OVER (ORDER BY count(DISTINCT person_id) DESC, bv ASC NULLS LAST) AS rank FROM pbv GROUP BY bv),
    g AS (
      SELECT CAST(CASE WHEN rk.rank <= ${limit} THEN rk.rank ELSE ${limit} + 1 END AS INTEGER) AS grp, pbv.person_id, pbv.b
      FROM pbv JOIN rk ON pbv.bv IS NOT DISTINCT FROM rk.bv
      GROUP BY 1, 2, 3
    ),
    a AS (
      ${everyone}
      UNION ALL
      SELECT grp, x, count(*) AS persons FROM (SELECT grp, person_id, count(*) AS x FROM g GROUP BY grp, person_id) GROUP BY grp, x
    )
    SELECT a.grp, a.x, a.persons, rk.bv AS label FROM a LEFT JOIN rk ON rk.rank = a.grp`;
  return { sql, params: params.values };
}
