import type { StickinessResultDto, StickinessRowDto, StickinessSeriesDto } from '@fulcrum/contracts';

/**
 * Rows of `stickinessSql` → the result: per group, rows for 1..totalIntervals intervals (zeros
 * included), each with its share of the group's active persons.
 */
export function assembleStickiness(
  rows: ReadonlyArray<Record<string, unknown>>,
  totalIntervals: number,
  breakdown: { limit: number } | null,
): StickinessResultDto {
  const groups = new Map<number, { label: string | null; persons: number[] }>();
  for (const row of rows) {
    const grp = Number(row['grp']);
    const x = Number(row['x']);
    const group = groups.get(grp) ?? { label: row['label'] === null || row['label'] === undefined ? null : String(row['label']), persons: new Array<number>(totalIntervals + 1).fill(0) };
    groups.set(grp, group);
    if (!(x >= 1 && x <= totalIntervals)) throw new Error(`stickiness: ${x} intervals out of 1..${totalIntervals}`);
    group.persons[x] = (group.persons[x] ?? 0) + Number(row['persons']);
  }
  const rowsOf = (persons: number[] | undefined): StickinessRowDto[] => {
    const active = (persons ?? []).reduce((a, b) => a + b, 0);
    const out: StickinessRowDto[] = [];
    for (let x = 1; x <= totalIntervals; x++) {
      const n = persons?.[x] ?? 0;
      out.push({ intervals: x, persons: n, percentage: active === 0 ? 0 : (n / active) * 100 });
    }
    return out;
  };
  const breakdowns: StickinessSeriesDto[] = [];
  if (breakdown) {
    for (const grp of [...groups.keys()].filter((g) => g > 0).sort((a, b) => a - b)) {
      const group = groups.get(grp);
      const other = grp > breakdown.limit;
      breakdowns.push({ value: other ? null : (group?.label ?? null), other, rows: rowsOf(group?.persons) });
    }
  }
  return { totalIntervals, rows: rowsOf(groups.get(0)?.persons), breakdowns };
}
