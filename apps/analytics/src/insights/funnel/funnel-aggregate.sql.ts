import type { SqlParams } from '../core/sql-params';
import type { FunnelPersonsPlan } from './funnel-query.validator';

/**
 * SQL over the counted paths (`fp`, see funnelPathsCtes): the step counts and times of a group of
 * paths, the breakdown rows (top N values + "other"), and the persons of one step.
 */

/** Per step j: persons at step ≥ j (`c{j}`), mean and median of t_j − t_{j−1} in microseconds (`a{j}`, `md{j}`). */
export function stepAggregatesSql(steps: number): string {
  const cols: string[] = [];
  for (let j = 0; j < steps; j++) {
    cols.push(`count(*) FILTER (WHERE lvl >= ${j}) AS c${j}`);
    if (j > 0) {
      cols.push(`avg(t${j} - t${j - 1}) FILTER (WHERE lvl >= ${j}) AS a${j}`);
      cols.push(`median(CAST(t${j} - t${j - 1} AS DOUBLE)) FILTER (WHERE lvl >= ${j}) AS md${j}`);
    }
  }
  return cols.join(', ');
}

/**
 * The breakdown CTEs over `fp` (which has a `bv` column): `bd_top` (the top `limit` values by
 * persons at step 0, ties by value ascending, NULL last, with their rank `rk`), `bd_tag` (fp + rk,
 * NULL outside the top) and `bd_other` (per person, the best of their paths outside the top: with
 * FIRST/LAST_TOUCH a person has one path; with ALL_STEPS, one per value).
 */
export function breakdownCtes(steps: number, limitParam: string): string[] {
  const times = Array.from({ length: steps }, (_, i) => `t${i}`);
  return [
    `bd_rank AS (SELECT bv, count(*) AS n0 FROM fp GROUP BY bv)`,
    `bd_top AS (SELECT bv, row_number() OVER (ORDER BY n0 DESC, bv ASC NULLS LAST) AS rk FROM bd_rank QUALIFY rk <= ${limitParam})`,
    `bd_tag AS (SELECT fp.*, bd_top.rk AS rk FROM fp LEFT JOIN bd_top ON fp.bv IS NOT DISTINCT FROM bd_top.bv)`,
    `bd_other AS (
      SELECT person_id, b.lvl AS lvl, ${times.map((t) => `b.${t} AS ${t}`).join(', ')}
      FROM (SELECT person_id, arg_max(struct_pack(lvl := lvl, ${times.map((t) => `${t} := ${t}`).join(', ')}), struct_pack(l := lvl, s := sk, n := nk)) AS b
            FROM bd_tag WHERE rk IS NULL GROUP BY person_id))`,
  ];
}

/** Rows `rk, bv, c*, a*, md*`: rk 0 = the whole funnel (when `overall`), 1..N the top values, N+1 "other". */
export function resultSelectSql(steps: number, options: { overall: boolean; breakdown: boolean; limitParam?: string }): string {
  const aggs = stepAggregatesSql(steps);
  const parts: string[] = [];
  if (options.overall) parts.push(`SELECT 0 AS rk, CAST(NULL AS VARCHAR) AS bv, ${aggs} FROM fp`);
  if (options.breakdown) {
    parts.push(`SELECT rk, any_value(bv) AS bv, ${aggs} FROM bd_tag WHERE rk IS NOT NULL GROUP BY rk`);
    parts.push(`SELECT ${options.limitParam} + 1 AS rk, CAST(NULL AS VARCHAR) AS bv, ${aggs} FROM bd_other`);
  }
  return `${parts.join('\nUNION ALL\n')}\nORDER BY rk`;
}

/**
 * One page of the persons of a step: `total` (all of them) and `page` (ids ascending after the
 * cursor, `limit + 1` of them so the caller knows whether there is a next page). `relation` is
 * `fp`, or `bd_other` for the "other" breakdown row.
 */
export function personsSelectSql(params: SqlParams, relation: string, persons: FunnelPersonsPlan, extraWhere: string[]): string {
  const where = [
    persons.status === 'REACHED'
      ? `lvl >= ${params.addTyped(persons.step, 'BIGINT')}`
      : `lvl = ${params.addTyped(persons.step, 'BIGINT')}`,
    ...extraWhere,
  ];
  const after = persons.after === null ? 'true' : `person_id > ${params.addTyped(persons.after, 'VARCHAR')}`;
  return `
    , sel AS (SELECT person_id FROM ${relation} WHERE ${where.join(' AND ')})
    SELECT (SELECT count(*) FROM sel) AS total,
           (SELECT list(person_id ORDER BY person_id)
              FROM (SELECT person_id FROM sel WHERE ${after} ORDER BY person_id LIMIT ${params.addTyped(persons.limit + 1, 'BIGINT')})) AS page`;
}
