import { type GeneratorContext, NO_VALUE, type PathCandidates, caseWhen } from './funnel-layout';

/**
 * STRICT funnels: a path is consecutive among the person's events (every event in the range that
 * passes the query's filters, whatever its name), so the path starting at a step-0 event is fixed:
 * the next n−1 events. One window pass reads them with `lead`; the path from a step-0 event reaches
 * step k when the j-th next event matches step j for every j ≤ k and is within the window (with
 * ALL_STEPS, also carries the start's breakdown value).
 */
export function strictCandidates(ctx: GeneratorContext): PathCandidates {
  const { plan, windowUs: w, mode, src, layout, prefix } = ctx;
  const n = plan.steps.length;
  const o = layout.o;
  const win = `PARTITION BY ${layout.partition} ORDER BY ${o}`;
  const needValue = mode === 'LAST_TOUCH' || mode === 'ALL_STEPS';
  // Start keys are positions, not timestamps: in the fast layout two identical events may share a
  // timestamp, and the later of them is the later start (its path is a different one).
  const rn = `${prefix}rn`;
  const leads: string[] = [...layout.firstPassExtra, `row_number() OVER (${win}) AS ${rn}`];
  for (let j = 1; j < n; j++) {
    leads.push(`lead(msk, ${j}) OVER (${win}) AS ${prefix}l${j}m`, `lead(t, ${j}) OVER (${win}) AS ${prefix}l${j}t`);
    if (needValue) leads.push(`lead(bv, ${j}) OVER (${win}) AS ${prefix}l${j}b`);
  }
  const step = (j: number): string => {
    const sameValue = mode === 'ALL_STEPS' ? ` AND ${prefix}l${j}b IS NOT DISTINCT FROM bv` : '';
    return `coalesce((${prefix}l${j}m & ${2 ** j}) <> 0 AND ${prefix}l${j}t - t <= ${w}${sameValue}, false)`;
  };
  const branches: Array<[string, string]> = [['NOT m0', 'NULL']];
  for (let j = 1; j < n; j++) branches.push([`NOT ${step(j)}`, String(j - 1)]);
  const lvl = caseWhen(branches, String(n - 1));
  const bv =
    mode === 'LAST_TOUCH'
      ? caseWhen(Array.from({ length: n }, (_, j) => [`c_lvl = ${j}`, j === 0 ? 'bv' : `${prefix}l${j}b`]))
      : mode === 'NONE'
        ? NO_VALUE
        : 'bv';
  const times = Array.from({ length: n }, (_, j) => `(CASE WHEN c_lvl >= ${j} THEN ${j === 0 ? 't' : `${prefix}l${j}t`} END)`);
  const ctes = [`${prefix}s1 AS (SELECT *, ${leads.join(', ')} FROM ${src})`, `${prefix}cand AS (SELECT *, ${lvl} AS c_lvl FROM ${prefix}s1)`];
  return { ctes, name: `${prefix}cand`, sk: rn, nk: `(-${rn})`, t: times, bv, start: { sk: rn, nk: `(-${rn})` } };
}
