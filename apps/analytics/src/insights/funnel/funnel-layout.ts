import type { FunnelAttribution } from '@fulcrum/contracts';
import type { FunnelPlan } from './funnel-query.validator';

/** How the breakdown value of a path is taken (NONE: no breakdown). */
export type BreakdownMode = 'NONE' | FunnelAttribution;

/**
 * How the rows of one person (one partition) are laid out for the window passes of a mode:
 * `partition` is the PARTITION BY list, `o` the order key column (BIGINT, unique among the events
 * the funnel can tell apart, increasing with (timestamp, id)); `firstPassExtra` are select items
 * added to the mode's first window pass (the fast layout's tie check, over the same window).
 */
export interface FunnelLayout {
  partition: string;
  o: string;
  firstPassExtra: string[];
}

/** What a mode generator gets. `windowUs` is the placeholder of the window (BIGINT microseconds). */
export interface GeneratorContext {
  plan: FunnelPlan;
  windowUs: string;
  mode: BreakdownMode;
  /** The input relation: the scan's columns (+ `pos`, `lx*`, `nx*` in the exact layout, `h` in the fast one). */
  src: string;
  layout: FunnelLayout;
  /** Prefix of the CTE names. */
  prefix: string;
}

/**
 * A mode's output: CTEs, the last one (`name`) having every input column plus `c_lvl`: the
 * highest step a path closed by that row reaches (NULL when none). The other parts of that path are
 * SQL expressions over the same row, read only for rows with `c_lvl >= 1` (times past `c_lvl` are
 * ignored, so they may hold anything): `sk` (order key of the path's first event: later = larger),
 * `nk` (minus the order key of the row: among equal starts the earliest row wins), `t` (epoch
 * microseconds of the path's step events, one per step) and `bv` (the path's breakdown value, also
 * read for `c_lvl = 0` rows). `start` gives `sk`/`nk` of a `c_lvl = 0` row (its own event; `nk` is
 * always `-sk` there).
 */
export interface PathCandidates {
  ctes: string[];
  name: string;
  sk: string;
  nk: string;
  t: string[];
  bv: string;
  start: { sk: string; nk: string };
}

/**
 * Per group (person, or person and value): the furthest step `lvl`, the best path reaching it
 * (`b`: largest (level, start, −row order)) among the rows at step ≥ 1 and, when the breakdown value
 * or the start of a step-0-only person matters (`withStart`), the latest step-0 row (`z_sk`, its
 * order key, and `z_bv`, its value).
 */
export function bestPathAggregatesSql(c: PathCandidates, withStart: boolean): string {
  const times = c.t.map((t, i) => `t${i} := ${t}`).join(', ');
  // Without a breakdown only the times are read (the start and value matter for the "other" row).
  const payload = withStart ? `sk := ${c.sk}, nk := ${c.nk}, ${times}, bv := ${c.bv}` : times;
  const parts = [
    'max(c_lvl) AS lvl',
    `arg_max(struct_pack(${payload}), struct_pack(l := c_lvl, s := ${c.sk}, n := ${c.nk})) FILTER (WHERE c_lvl >= 1) AS b`,
  ];
  if (withStart) {
    // A step-0 row's path is the row itself: the latest one wins (its order key decides alone).
    parts.push(`max(${c.start.sk}) FILTER (WHERE c_lvl = 0) AS z_sk`, `arg_max_null(${c.bv}, ${c.start.sk}) FILTER (WHERE c_lvl = 0) AS z_bv`);
  }
  return parts.join(',\n      ');
}

/** The `fp` columns from the aggregates of bestPathAggregatesSql (times past the level are NULL). */
export function bestPathColumnsSql(steps: number, withStart: boolean): string {
  const pick = (f: string, zero: string) => `(CASE WHEN lvl >= 1 THEN b.${f} ELSE ${zero} END)`;
  const times = Array.from({ length: steps }, (_, i) => `(CASE WHEN lvl >= ${Math.max(1, i)} THEN b.t${i} END) AS t${i}`);
  const start = withStart ? [`${pick('sk', 'z_sk')} AS sk`, `${pick('nk', '-z_sk')} AS nk`] : ['CAST(NULL AS BIGINT) AS sk', 'CAST(NULL AS BIGINT) AS nk'];
  return ['lvl', ...start, ...times, `${withStart ? pick('bv', 'z_bv') : NO_VALUE} AS bv`].join(', ');
}

/** The breakdown value column of a candidate when the mode has no breakdown. */
export const NO_VALUE = 'CAST(NULL AS VARCHAR)';

/** `CASE WHEN c1 THEN v1 ... ELSE else END` (NULL else by default). */
export function caseWhen(branches: Array<[string, string]>, otherwise = 'NULL'): string {
  if (branches.length === 0) return otherwise;
  return `(CASE ${branches.map(([c, v]) => `WHEN ${c} THEN ${v}`).join(' ')} ELSE ${otherwise} END)`;
}
