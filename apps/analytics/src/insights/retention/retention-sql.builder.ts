import type { PropertyFilter } from '@fulcrum/contracts';
import type { InsightScope } from '../core/insight-scope';
import { propertyValueSql } from '../core/property-filter.sql';
import type { ResolvedRange } from '../core/scoped-events.sql';
import { SqlParams, type SqlValue } from '../core/sql-params';
import { type BucketKeys, bucketKeySql } from '../core/bucket-key.sql';
import { breakdownTextSql, eventScanSql } from '../core/event-scan.sql';
import type { NormalisedRetentionQuery } from './retention-query.validator';

export interface RetentionSqlContext {
  scope: InsightScope;
  query: NormalisedRetentionQuery;
  range: ResolvedRange;
  /** Cohort periods of the range: key = index in the cohort list. */
  keys: BucketKeys;
  breakdown: { property: string; limit: number } | null;
}

/**
 * The retention counts in one statement. Rows: `c` (cohort index), `grp` (0 without a breakdown;
 * else the value's rank 1..N, or N + 1 for "other"), `label` (the value of ranks 1..N), `k` and
 * `persons`:
 * - `k = 0`: the cohort's size;
 * - `k ≥ 1`, mode ON: persons of the cohort who did the return event in period c + k;
 * - `k ≥ 1`, mode ON_OR_AFTER: persons whose LAST return period within the shown offsets is c + k
 *   (the caller sums them from k up).
 * Only offsets 1..periods − 1 inside the range appear.
 *
 * Plan: the start events give the cohort memberships (person, c) — one per person for FIRST_TIME
 * (the first start event ever, kept when inside the range), one per (person, period) for
 * RECURRING; the return events in the range give distinct (person, period) pairs, restricted to
 * persons with a membership; a join on the person within the shown offsets gives the hits. When
 * the start and return events are the same (name and filters), one scan gives both.
 */
export function retentionSql(ctx: RetentionSqlContext): { sql: string; params: SqlValue[] } {
  const { scope, query, range, keys, breakdown } = ctx;
  const params = new SqlParams();
  const global: readonly PropertyFilter[] = query.filters ?? [];
  const firstTime = query.cohortType === 'FIRST_TIME';
  // The same event with the same filters is both the start and the return event (e.g. "came back
  // to any page"): its events are read once and give both the memberships and the returns.
  const sameEvent =
    query.startEvent.event === query.returnEvent.event && JSON.stringify(query.startEvent.filters ?? []) === JSON.stringify(query.returnEvent.filters ?? []);

  // Start events: FIRST_TIME reads every start event before `to` (the first one ever decides the
  // cohort; one after `to` could never be in the range), RECURRING only those in the range.
  const starts = eventScanSql(
    scope,
    params,
    { event: query.startEvent.event, filters: [...global, ...(query.startEvent.filters ?? [])], from: firstTime ? undefined : range.from, to: range.to },
    (person) => [
      `${person} AS person_id`,
      'e.timestamp AS ts',
      ...(breakdown ? ['e.id', `${breakdownTextSql(propertyValueSql('e.properties', breakdown.property, params))} AS bv`] : []),
      ...(sameEvent && firstTime ? [`${bucketKeySql(keys, params, 'e.timestamp')} AS r`] : []),
    ],
  );
  // The breakdown value of a membership is that of the first start event of the person (FIRST_TIME)
  // or of the person's period (RECURRING), by (timestamp, id). arg_min_null keeps a NULL value
  // ("not set"), which arg_min would skip.
  const firstValue = breakdown ? 'arg_min_null(bv, struct_pack(t := ts, i := id))' : 'NULL::VARCHAR';
  // Bound only when used: DuckDB refuses a statement with a parameter it does not reference.
  const from = firstTime ? params.addTyped(range.from, 'TIMESTAMPTZ') : '';
  const members = firstTime
    ? `SELECT person_id, ${bucketKeySql(keys, params, 'ts')} AS c, bv
       FROM (SELECT person_id, min(ts) AS ts, ${firstValue} AS bv FROM starts GROUP BY person_id)
       WHERE ts >= ${from}`
    : `SELECT person_id, c, ${firstValue} AS bv
       FROM (SELECT person_id, ${bucketKeySql(keys, params, 'ts')} AS c${breakdown ? ', ts, id, bv' : ''} FROM starts)
       GROUP BY person_id, c`;

  // Distinct (person, period) of the return events in the range, only for persons with a
  // membership (when the start event is rarer than the return event, this skips most return events
  // before they are grouped).
  let returns: string;
  if (sameEvent && !firstTime) {
    returns = 'SELECT person_id, c AS r FROM members'; // the periods with a start event are the periods with a return event
  } else if (sameEvent) {
    returns = `SELECT person_id, r FROM starts WHERE ts >= ${from} AND person_id IN (SELECT person_id FROM members) GROUP BY person_id, r`;
  } else {
    const scan = eventScanSql(
      scope,
      params,
      {
        event: query.returnEvent.event,
        filters: [...global, ...(query.returnEvent.filters ?? [])],
        from: range.from,
        to: range.to,
        where: (person) => [`${person} IN (SELECT person_id FROM members)`],
      },
      (person) => [`${person} AS person_id`, `${bucketKeySql(keys, params, 'e.timestamp')} AS r`],
    );
    returns = `SELECT person_id, r FROM (${scan}) GROUP BY person_id, r`;
  }

  const periods = params.addTyped(BigInt(query.periods), 'BIGINT');
  const groups = breakdown
    ? `rk AS (
         SELECT bv, row_number() OVER (ORDER BY count(*) DESC, bv ASC NULLS LAST) AS rank FROM members GROUP BY bv
       ), g AS (
         SELECT m.person_id, m.c,
                CAST(CASE WHEN rk.rank <= ${params.addTyped(BigInt(breakdown.limit), 'BIGINT')} THEN rk.rank ELSE ${params.addTyped(BigInt(breakdown.limit + 1), 'BIGINT')} END AS INTEGER) AS grp
         FROM members m JOIN rk ON m.bv IS NOT DISTINCT FROM rk.bv
       )`
    : `g AS (SELECT person_id, c, 0 AS grp FROM members)`;
  const counted =
    query.mode === 'ON'
      ? `SELECT c, grp, k, count(*) AS persons FROM hits GROUP BY c, grp, k`
      : `SELECT c, grp, k, count(*) AS persons FROM (SELECT c, grp, max(k) AS k FROM hits GROUP BY person_id, c, grp) GROUP BY c, grp, k`;
  const label = breakdown ? 'LEFT JOIN rk ON rk.rank = a.grp' : '';
  const sql = `
    WITH starts AS ${sameEvent && firstTime ? 'MATERIALIZED ' : ''}(${starts}),
    members AS (${members}),
    returns AS (${returns}),
    ${groups},
    hits AS (
      SELECT g.person_id, g.c, g.grp, r.r - g.c AS k
      FROM g JOIN returns r ON r.person_id = g.person_id AND r.r > g.c AND r.r < g.c + ${periods}
    ),
    a AS (
      SELECT c, grp, 0 AS k, count(*) AS persons FROM g GROUP BY c, grp
      UNION ALL
      ${counted}
    )
    SELECT a.c, a.grp, a.k, a.persons, ${breakdown ? 'rk.bv' : 'NULL::VARCHAR'} AS label FROM a ${label}`;
  return { sql, params: params.values };
}
