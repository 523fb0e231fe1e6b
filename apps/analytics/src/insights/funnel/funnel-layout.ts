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
 * A mode's output: CTEs, the last one (`name`) having every input column plus, per row, the best
 * path the row closes: `c_lvl` (NULL when none), `c_sk`, `c_nk`, `c_t0..`, `c_bv` (see
 * funnelPathsCtes for their meaning).
 */
export interface PathCandidates {
  ctes: string[];
  name: string;
}

/** The candidate as one struct (the payload of the per-person arg_max). */
export function candidatePayloadSql(steps: number): string {
  const times = Array.from({ length: steps }, (_, i) => `t${i} := c_t${i}`);
  return `struct_pack(lvl := c_lvl, sk := c_sk, nk := c_nk, ${times.join(', ')}, bv := c_bv)`;
}

/** The person's counted path is the candidate with the largest (level, start, −order of its closing event). */
export function candidateKeySql(): string {
  return 'struct_pack(l := c_lvl, s := c_sk, n := c_nk)';
}

/** The breakdown value column of a candidate when the mode has no breakdown. */
export const NO_VALUE = 'CAST(NULL AS VARCHAR)';

/** `CASE WHEN c1 THEN v1 ... ELSE else END` (NULL else by default). */
export function caseWhen(branches: Array<[string, string]>, otherwise = 'NULL'): string {
  if (branches.length === 0) return otherwise;
  return `(CASE ${branches.map(([c, v]) => `WHEN ${c} THEN ${v}`).join(' ')} ELSE ${otherwise} END)`;
}
