import type { InsightScope } from '../core/insight-scope';
import type { ResolvedRange } from '../core/scoped-events.sql';
import type { SqlParams } from '../core/sql-params';
import { anyOrderCandidates } from './funnel-any.sql';
import { type BreakdownMode, type FunnelLayout, type PathCandidates, bestPathAggregatesSql, bestPathColumnsSql } from './funnel-layout';
import { orderedCandidates } from './funnel-ordered.sql';
import type { FunnelPlan } from './funnel-query.validator';
import { funnelScan } from './funnel-scan.sql';
import { strictCandidates } from './funnel-strict.sql';

export interface FunnelPathsOptions {
  mode: BreakdownMode;
  /**
   * `auto`: the fast layout where it applies (persons bucketed by a 64-bit hash, events ordered by
   * timestamp only), with an exact re-computation of every bucket where that could differ (two
   * persons in one bucket, or two distinguishable events at the same timestamp); `exact`: persons
   * by id and events by (timestamp, id) everywhere. Both give the same answer.
   */
  strategy?: 'auto' | 'exact';
  /** The bucket of a person id in the fast layout (default `hash(person)`); tests force collisions with it. */
  personBucketSql?: (personSql: string) => string;
}

/**
 * The counted path of every person (CTE `fp`): one row per person (per person and breakdown value
 * with ALL_STEPS) with `person_id`, `lvl` (the furthest step reached, 0-based), `sk` (the order key
 * of the path's first event: later = larger), `nk` (minus the order key of the event that closes
 * the path's prefix: used to prefer the earliest path among equals), `t0..t{n-1}` (epoch
 * microseconds of the path's step events, NULL past `lvl`) and `bv` (the path's breakdown value).
 * Persons without a step-0 event in the range have no row.
 *
 * Returns the CTE list (`name AS (...)`), the last one being `fp`.
 */
export function funnelPathsCtes(scope: InsightScope, params: SqlParams, plan: FunnelPlan, range: ResolvedRange, options: FunnelPathsOptions): string[] {
  const n = plan.steps.length;
  const mode = options.mode;
  const scan = funnelScan(scope, params, plan, range, { allEvents: plan.order === 'STRICT', breakdown: mode !== 'NONE' });
  const windowUs = params.addTyped(plan.windowUs, 'BIGINT');
  const bucket = options.personBucketSql ?? ((p: string) => `hash(${p})`);
  const fast = (options.strategy ?? 'auto') === 'auto' && plan.exclusions.length === 0 && mode !== 'ALL_STEPS';
  const generate = (src: string, layout: FunnelLayout, prefix: string): PathCandidates => {
    const ctx = { plan, windowUs, mode, src, layout, prefix };
    if (plan.order === 'STRICT') return strictCandidates(ctx);
    if (plan.order === 'ANY') return anyOrderCandidates(ctx);
    return orderedCandidates(ctx);
  };
  // The start of a person who only reached step 0 matters for their breakdown value only.
  const withStart = mode !== 'NONE';

  const ctes: string[] = [];
  const exactBranch = (restrict: boolean): string => {
    ctes.push(`x_ev AS (${scan.sql(restrict ? (p) => [`${bucket(p)} IN (SELECT h FROM f_per WHERE flagged)`] : undefined)})`);
    // The person's total order: timestamp, then event id.
    ctes.push(`x_pos AS (SELECT *, row_number() OVER (PARTITION BY person_id ORDER BY t, id) AS pos FROM x_ev)`);
    let src = 'x_pos';
    if (plan.exclusions.length > 0) {
      // Per exclusion: the position of the last matching event before each event, and of the first after it.
      const w = 'PARTITION BY person_id ORDER BY pos';
      const cols = plan.exclusions.flatMap((_, i) => [
        `max(pos) FILTER (WHERE x${i}) OVER (${w} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS lx${i}`,
        `min(pos) FILTER (WHERE x${i}) OVER (${w} ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS nx${i}`,
      ]);
      ctes.push(`x_excl AS (SELECT * FROM (SELECT *, ${cols.join(', ')} FROM x_pos) WHERE msk <> 0)`);
      src = 'x_excl';
    }
    const byValue = mode === 'ALL_STEPS' && plan.order !== 'STRICT';
    const layout: FunnelLayout = { partition: byValue ? 'person_id, bv' : 'person_id', o: 'pos', firstPassExtra: [] };
    const cand = generate(src, layout, 'x_');
    ctes.push(...cand.ctes);
    const groupBy = mode === 'ALL_STEPS' ? 'person_id, bv' : 'person_id';
    ctes.push(`x_per AS (SELECT person_id, ${bestPathAggregatesSql(cand, withStart)} FROM ${cand.name} GROUP BY ${groupBy})`);
    return `SELECT person_id, ${bestPathColumnsSql(n, withStart)} FROM x_per WHERE lvl IS NOT NULL`;
  };

  if (!fast) {
    ctes.push(`fp AS (${exactBranch(false)})`);
    return ctes;
  }

  // Fast layout: partition by a 64-bit bucket of the person id and order by timestamp only. A
  // bucket is flagged (and recomputed exactly) when it holds two persons, or two events at the same
  // timestamp (STRICT: two such events that differ in a way the funnel can see, as every event of
  // the person is read there and bursts of unrelated events at one instant are common).
  const strict = plan.order === 'STRICT';
  const fastColumns = ['person_id', 't', ...(plan.order === 'ORDERED' ? [] : ['msk']), ...plan.steps.map((_, j) => `m${j}`), ...(mode === 'NONE' ? [] : ['bv'])];
  ctes.push(`f_ev AS (SELECT ${fastColumns.join(', ')}, ${bucket('person_id')} AS h FROM (${scan.sql()}))`);
  const w = 'PARTITION BY h ORDER BY t';
  const differs = [`lag(msk) OVER (${w}) <> msk`];
  if (mode !== 'NONE') differs.push(`lag(bv) OVER (${w}) IS DISTINCT FROM bv`);
  const tie = strict ? `coalesce(lag(t) OVER (${w}) = t AND (${differs.join(' OR ')}), false) AS tie` : `coalesce(lag(t) OVER (${w}) = t, false) AS tie`;
  const cand = generate('f_ev', { partition: 'h', o: 't', firstPassExtra: [tie] }, 'f_');
  ctes.push(...cand.ctes);
  ctes.push(`f_per AS (
    SELECT h, min(person_id) AS person_id, coalesce(min(person_id) <> max(person_id) OR bool_or(tie), false) AS flagged,
      ${bestPathAggregatesSql(cand, withStart)}
    FROM ${cand.name} GROUP BY h)`);
  const exact = exactBranch(true);
  ctes.push(`fp AS (
    SELECT person_id, ${bestPathColumnsSql(n, withStart)} FROM f_per WHERE NOT flagged AND lvl IS NOT NULL
    UNION ALL ${exact})`);
  return ctes;
}
