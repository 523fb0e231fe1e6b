import { type GeneratorContext, NO_VALUE, type PathCandidates } from './funnel-layout';

/**
 * ANY-order funnels (step names pairwise different, so an event matches at most one step). From
 * each step event e, the window [ts(e), ts(e) + window] holds the first event of each step at or
 * after e (in event order); the steps found within the window form e's path (sorted by event
 * order), and its level is their number − 1. One window pass computes, per step, the first
 * matching event at or after each row.
 */
export function anyOrderCandidates(ctx: GeneratorContext): PathCandidates {
  const { plan, windowUs: w, mode, src, layout, prefix } = ctx;
  const n = plan.steps.length;
  const o = layout.o;
  const over = `OVER (PARTITION BY ${layout.partition} ORDER BY ${o} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)`;
  const aggs: string[] = [...layout.firstPassExtra];
  const parts: string[] = [];
  for (let s = 0; s < n; s++) {
    const f = `FILTER (WHERE m${s})`;
    aggs.push(`min(t) ${f} ${over} AS ${prefix}a${s}t`);
    if (o !== 't') aggs.push(`min(${o}) ${f} ${over} AS ${prefix}a${s}o`);
    if (mode === 'LAST_TOUCH') aggs.push(`arg_min_null(bv, ${o}) ${f} ${over} AS ${prefix}a${s}b`);
    const order = o === 't' ? `${prefix}a${s}t` : `${prefix}a${s}o`;
    const value = mode === 'LAST_TOUCH' ? `${prefix}a${s}b` : 'CAST(NULL AS VARCHAR)';
    parts.push(`struct_pack(o := ${order}, t := ${prefix}a${s}t, b := ${value})`);
  }
  const path = `${prefix}path`;
  const times = Array.from({ length: n }, (_, i) => `${path}[${i + 1}].t`);
  const bv = mode === 'LAST_TOUCH' ? `${path}[len(${path})].b` : mode === 'NONE' ? NO_VALUE : 'bv';
  const ctes = [
    `${prefix}a1 AS (SELECT *, ${aggs.join(', ')} FROM ${src})`,
    `${prefix}a2 AS (SELECT *, list_sort(list_filter([${parts.join(', ')}], lambda x: x.t IS NOT NULL AND x.t - t <= ${w})) AS ${path} FROM ${prefix}a1)`,
    `${prefix}cand AS (SELECT *, (CASE WHEN msk <> 0 THEN len(${path}) - 1 END) AS c_lvl FROM ${prefix}a2)`,
  ];
  return { ctes, name: `${prefix}cand`, sk: o, nk: `(-${o})`, t: times, bv, start: { sk: o, nk: `(-${o})` } };
}
