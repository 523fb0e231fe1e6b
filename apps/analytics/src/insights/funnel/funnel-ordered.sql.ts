import { type GeneratorContext, NO_VALUE, type PathCandidates, caseWhen } from './funnel-layout';
import type { FunnelPlan } from './funnel-query.validator';

/** 2^64 as HUGEINT: `start · 2^64 − order` ranks (latest start, then earliest event) in one value. */
const TWO_POW_64 = `CAST('18446744073709551616' AS HUGEINT)`;

/**
 * ORDERED funnels, as a chain of window passes over each person's events (docs/metrics.md
 * "How it is computed").
 *
 * For a step-k event e, the best path ending at e is the path with the latest first event among
 * the paths 0..k ending at e, and among those the one whose step-(k−1) event is earliest (so the
 * whole path is the earliest one of that start). It extends the best path of an earlier step-(k−1)
 * event f, chosen by (latest start, earliest f): one window aggregate over the rows before e per
 * carried column. The path reaches step k when ts(e) − ts(start) ≤ window (a later start can only
 * help, so the latest one decides).
 *
 * The last step needs no pass of its own: from a row at step n−2, the best continuation is the
 * first step-(n−1) event after it (a suffix minimum in the same pass). So n steps take max(1, n−2)
 * window passes.
 *
 * Exclusions (exact layout only): "no exclusion event strictly between the path's fromStep and
 * toStep events" splits into one condition per consecutive pair of path events (no exclusion event
 * strictly between them), plus "no path event strictly inside (fromStep, toStep) is itself an
 * exclusion event". A pair condition keeps the predecessors f after the last exclusion event before
 * e (a RANGE frame starting there). Which exclusions apply depends on how far the path must go, so
 * the chain is computed once per class of target steps with the same exclusion set: class S_c =
 * the exclusions with toStep ≤ c; step c is reached when the chain of S_c reaches it.
 */
export function orderedCandidates(ctx: GeneratorContext): PathCandidates {
  const { plan, windowUs: w, mode, src, layout, prefix } = ctx;
  const n = plan.steps.length;
  const o = layout.o;
  const win = `PARTITION BY ${layout.partition} ORDER BY ${o}`;
  const ex = plan.exclusions;
  const { classes, levelClass } = exclusionClasses(plan);
  const lastClass = levelClass[n - 1] ?? 0;
  const forwardTop = (ci: number) => Math.min(classes[ci]?.top ?? 0, n - 2);

  interface Level {
    v: string;
    s: string;
    p: (i: number) => string;
    f: string;
  }
  const base: Level = { v: 'm0', s: o, p: () => 't', f: 'bv' };
  const levels = new Map<string, Level>();
  const level = (ci: number, j: number): Level => {
    if (j === 0) return base;
    const l = levels.get(`${ci}:${j}`);
    if (!l) throw new Error(`funnel: level ${j} of class ${ci} was not computed`);
    return l;
  };
  const lastDeadline = (classes[lastClass]?.members ?? []).filter((i) => ex[i]?.toStep === n - 1);

  const ctes: string[] = [];
  let prev = src;
  const passes = Math.max(1, n - 2);
  // Columns created per level (all classes), dropped once the next level is computed (see `fold`).
  const levelColumns = new Map<number, string[]>();
  // Best level ≥ 1 reached so far at each row, among the levels whose columns were dropped.
  const bc = {
    lvl: `${prefix}bc_lvl`,
    s: `${prefix}bc_s`,
    t: (i: number) => `${prefix}bc_t${i}`,
    f: `${prefix}bc_f`,
  };
  let bcTop = 0;
  const fold = (j: number): void => {
    const l = level(levelClass[j] ?? 0, j);
    const keep = (col: string, value: string) => (j === 1 ? `(CASE WHEN ${l.v} THEN ${value} END) AS ${col}` : `(CASE WHEN ${l.v} THEN ${value} ELSE ${col} END) AS ${col}`);
    const cols = [keep(bc.lvl, String(j)), keep(bc.s, l.s)];
    for (let i = 0; i <= j; i++) cols.push(i === j ? `(CASE WHEN ${l.v} THEN ${l.p(i)} END) AS ${bc.t(i)}` : keep(bc.t(i), l.p(i)));
    if (mode === 'FIRST_TOUCH') cols.push(keep(bc.f, l.f));
    const drop = [...(levelColumns.get(j) ?? [])];
    if (j > 1) drop.push(bc.lvl, bc.s, ...Array.from({ length: j }, (_, i) => bc.t(i)), ...(mode === 'FIRST_TOUCH' ? [bc.f] : []));
    ctes.push(`${prefix}f${j} AS (SELECT * EXCLUDE (${drop.join(', ')}), ${cols.join(', ')} FROM ${prev})`);
    prev = `${prefix}f${j}`;
    bcTop = j;
  };
  for (let k = 1; k <= passes; k++) {
    const aggs: string[] = k === 1 ? [...layout.firstPassExtra] : [];
    const post: string[] = [];
    const created: string[] = [];
    if (k <= n - 2) {
      classes.forEach((cls, ci) => {
        if (forwardTop(ci) < k) return;
        const pr = level(ci, k - 1);
        const name = `${prefix}c${ci}l${k}`;
        const open = cls.members.filter((i) => (ex[i]?.fromStep ?? 0) < k && k <= (ex[i]?.toStep ?? 0));
        const frame =
          open.length === 0
            ? 'ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING'
            : `RANGE BETWEEN (${o} - greatest(0, ${open.map((i) => `coalesce(lx${i}, 0)`).join(', ')})) PRECEDING AND 1 PRECEDING`;
        const over = `FILTER (WHERE ${pr.v}) OVER (${win} ${frame})`;
        const times: string[] = [];
        aggs.push(`max(${pr.s}) ${over} AS ${name}_s`);
        created.push(`${name}_s`);
        if (k === 1) {
          // Level 0 is the event itself: the latest start is the latest step-0 event.
          if (o === 't') times.push(`${name}_s`);
          else {
            aggs.push(`max(t) ${over} AS ${name}_p0`);
            times.push(`${name}_p0`);
            created.push(`${name}_p0`);
          }
          if (mode === 'FIRST_TOUCH') aggs.push(`arg_max_null(bv, ${o}) ${over} AS ${name}_f`);
        } else {
          const key = `(CAST(${pr.s} AS HUGEINT) * ${TWO_POW_64} - ${o})`;
          for (let i = 0; i < k; i++) {
            if (i === 0 && o === 't') {
              // In the fast layout the start key is the start time.
              times.push(`${name}_s`);
              continue;
            }
            aggs.push(`arg_max_null(${pr.p(i)}, ${key}) ${over} AS ${name}_p${i}`);
            times.push(`${name}_p${i}`);
            created.push(`${name}_p${i}`);
          }
          if (mode === 'FIRST_TOUCH') aggs.push(`arg_max_null(${pr.f}, ${key}) ${over} AS ${name}_f`);
        }
        if (mode === 'FIRST_TOUCH') created.push(`${name}_f`);
        const inside = cls.members.filter((i) => (ex[i]?.fromStep ?? 0) < k && k < (ex[i]?.toStep ?? 0));
        const notExcluded = inside.map((i) => ` AND NOT x${i}`).join('');
        const valid = `(m${k} AND ${name}_s IS NOT NULL AND t - ${times[0]} <= ${w}${notExcluded})`;
        // The next pass filters on it (a column); after the last pass it is only read inline.
        if (k < passes) {
          post.push(`${valid} AS ${name}_v`);
          created.push(`${name}_v`);
        }
        levels.set(`${ci}:${k}`, { v: k < passes ? `${name}_v` : valid, s: `${name}_s`, p: (i) => (i === k ? 't' : (times[i] ?? 'NULL')), f: `${name}_f` });
      });
    }
    levelColumns.set(k, created);
    if (k === passes) {
      // The first step-(n−1) event after each row.
      const over = `FILTER (WHERE m${n - 1}) OVER (${win} ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)`;
      aggs.push(`min(t) ${over} AS ${prefix}sb_t`);
      if (lastDeadline.length > 0) aggs.push(`min(${o}) ${over} AS ${prefix}sb_o`);
      if (mode === 'LAST_TOUCH') aggs.push(`arg_min_null(bv, ${o}) ${over} AS ${prefix}sb_b`);
    }
    ctes.push(`${prefix}w${k} AS (SELECT *, ${aggs.join(', ')} FROM ${prev})`);
    prev = `${prefix}w${k}`;
    if (post.length > 0) {
      ctes.push(`${prefix}v${k} AS (SELECT *, ${post.join(', ')} FROM ${prev})`);
      prev = `${prefix}v${k}`;
    }
    // Level k−1 is not read by later passes: keep what its candidates need, drop the rest (so a
    // long funnel carries O(n) columns through its sorts, not O(n²)).
    if (k >= 2) fold(k - 1);
  }

  const lastPrev = level(lastClass, n - 2);
  const deadline = lastDeadline.map((i) => ` AND (nx${i} IS NULL OR nx${i} >= ${prefix}sb_o)`).join('');
  interface Candidate {
    cond: string;
    /** The level, or the lowest level of the group (the folded levels 1..bcTop). */
    lvl: number;
    /** The highest level of the group. */
    top: number;
    lvlSql: string;
    s: string;
    p: (i: number) => string;
    first: string;
    last: string;
  }
  const candidates: Candidate[] = [
    {
      cond: `(${lastPrev.v} AND ${prefix}sb_t IS NOT NULL AND ${prefix}sb_t - ${lastPrev.p(0)} <= ${w}${deadline})`,
      lvl: n - 1,
      top: n - 1,
      lvlSql: String(n - 1),
      s: lastPrev.s,
      p: (i) => (i <= n - 2 ? lastPrev.p(i) : `${prefix}sb_t`),
      first: lastPrev.f,
      last: `${prefix}sb_b`,
    },
  ];
  for (let j = n - 2; j > bcTop; j--) {
    const l = level(levelClass[j] ?? 0, j);
    candidates.push({ cond: l.v, lvl: j, top: j, lvlSql: String(j), s: l.s, p: (i) => (i <= j ? l.p(i) : 'NULL'), first: l.f, last: 'bv' });
  }
  if (bcTop > 0) {
    candidates.push({ cond: `${bc.lvl} IS NOT NULL`, lvl: 1, top: bcTop, lvlSql: bc.lvl, s: bc.s, p: (i) => (i <= bcTop ? bc.t(i) : 'NULL'), first: bc.f, last: 'bv' });
  }
  candidates.push({ cond: 'm0', lvl: 0, top: 0, lvlSql: '0', s: o, p: () => 'NULL', first: 'bv', last: 'bv' });
  // The row's best candidate is its highest level; the other parts follow that level. They are
  // only read for rows at level ≥ 1 (level-0 rows: start and value only) and times past the level
  // are dropped afterwards, so branches that cannot matter are left out and equal neighbours merged.
  const byLevel = (value: (c: Candidate) => string, from = 1) =>
    collapsedCase(candidates.filter((c) => c.top >= from).map((c) => [c.lvl, value(c)] as [number, string]));
  ctes.push(`${prefix}cand AS (SELECT *, ${caseWhen(candidates.map((c) => [c.cond, c.lvlSql]))} AS c_lvl FROM ${prev})`);
  return {
    ctes,
    name: `${prefix}cand`,
    sk: byLevel((c) => c.s),
    nk: `(-${o})`,
    t: Array.from({ length: n }, (_, i) => byLevel((c) => c.p(i), Math.max(1, i))),
    bv: mode === 'FIRST_TOUCH' ? byLevel((c) => c.first, 0) : mode === 'LAST_TOUCH' ? byLevel((c) => c.last, 0) : mode === 'ALL_STEPS' ? 'bv' : NO_VALUE,
    start: { sk: o, nk: `(-${o})` },
  };
}

/**
 * `CASE c_lvl ...` over (level, value) pairs in descending level order, with adjacent equal values
 * merged (`c_lvl >= x` bounds) and no CASE at all when every level has the same value.
 */
function collapsedCase(pairs: Array<[number, string]>): string {
  const merged: Array<[number, string]> = [];
  for (const [lvl, value] of pairs) {
    const last = merged[merged.length - 1];
    if (last && last[1] === value) last[0] = lvl;
    else merged.push([lvl, value]);
  }
  const last = merged.pop();
  if (last === undefined) return 'NULL';
  return caseWhen(merged.map(([lvl, value]) => [`c_lvl >= ${lvl}`, value]), last[1]);
}

/**
 * Classes of target steps with the same set of exclusions that must hold: S_c = the exclusions with
 * toStep ≤ c, for c = 1..n−1 (consecutive c with the same set share a class; `top` is the class's
 * last step). `levelClass[c]` is the class of step c.
 */
export function exclusionClasses(plan: FunnelPlan): { classes: Array<{ members: number[]; top: number }>; levelClass: number[] } {
  const n = plan.steps.length;
  const classes: Array<{ members: number[]; top: number }> = [];
  const levelClass: number[] = [];
  let key = '';
  for (let c = 1; c < n; c++) {
    const members = plan.exclusions.flatMap((x, i) => (x.toStep <= c ? [i] : []));
    const k = members.join(',');
    const current = classes[classes.length - 1];
    if (current === undefined || k !== key) {
      classes.push({ members, top: c });
      key = k;
    } else {
      current.top = c;
    }
    levelClass[c] = classes.length - 1;
  }
  return { classes, levelClass };
}
