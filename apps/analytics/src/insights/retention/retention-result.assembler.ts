import type { RetentionBreakdownDto, RetentionCohortDto, RetentionMode, RetentionResultDto } from '@fulcrum/contracts';

/** Counts of one group (the whole population, or one breakdown value): per cohort, per offset. */
interface GroupCounts {
  label: string | null;
  /** persons[c][k]: k = 0 is the cohort size. */
  persons: number[][];
}

/**
 * Rows of `retentionSql` → the result. `labels` are the cohort periods of the range; offsets shown
 * per cohort c are 0 .. min(periods, labels.length − c) − 1. With a breakdown, group g ≤ `limit`
 * is the value of rank g and `limit + 1` is "other"; the whole population is the sum of the groups
 * (each membership has exactly one value).
 */
export function assembleRetention(
  rows: ReadonlyArray<Record<string, unknown>>,
  labels: readonly string[],
  periods: number,
  mode: RetentionMode,
  breakdown: { limit: number } | null,
): RetentionResultDto {
  const empty = (): number[][] => labels.map(() => new Array<number>(periods).fill(0));
  const groups = new Map<number, GroupCounts>();
  for (const row of rows) {
    const grp = Number(row['grp']);
    const c = Number(row['c']);
    const k = Number(row['k']);
    const group = groups.get(grp) ?? { label: row['label'] === null || row['label'] === undefined ? null : String(row['label']), persons: empty() };
    groups.set(grp, group);
    const cell = group.persons[c];
    if (!cell || k < 0 || k >= periods) throw new Error(`retention: row outside the grid (cohort ${c}, period ${k})`);
    cell[k] = (cell[k] ?? 0) + Number(row['persons']);
  }
  if (mode === 'ON_OR_AFTER') {
    // Rows k ≥ 1 hold the persons whose last return is at offset k: "on or after k" sums them from k up.
    for (const group of groups.values()) {
      for (const cohort of group.persons) for (let k = periods - 2; k >= 1; k--) cohort[k] = (cohort[k] ?? 0) + (cohort[k + 1] ?? 0);
    }
  }
  const total = empty();
  for (const group of groups.values()) {
    group.persons.forEach((cohort, c) => cohort.forEach((n, k) => ((total[c] as number[])[k] = ((total[c] as number[])[k] ?? 0) + n)));
  }
  const breakdowns: RetentionBreakdownDto[] = [];
  if (breakdown) {
    for (const grp of [...groups.keys()].sort((a, b) => a - b)) {
      const group = groups.get(grp) as GroupCounts;
      const other = grp > breakdown.limit;
      breakdowns.push({ value: other ? null : group.label, other, cohorts: cohortsOf(group.persons, labels, periods) });
    }
  }
  return { cohorts: cohortsOf(total, labels, periods), breakdowns };
}

function cohortsOf(persons: number[][], labels: readonly string[], periods: number): RetentionCohortDto[] {
  return labels.map((cohort, c) => {
    const counts = persons[c] as number[];
    const size = counts[0] ?? 0;
    const shown = Math.min(periods, labels.length - c);
    const values: RetentionCohortDto['values'] = [];
    for (let k = 0; k < shown; k++) {
      const n = counts[k] ?? 0;
      values.push({ period: k, persons: n, percentage: size === 0 ? 0 : (n / size) * 100 });
    }
    return { cohort, size, values };
  });
}
