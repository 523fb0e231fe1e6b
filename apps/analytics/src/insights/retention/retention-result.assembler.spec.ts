import { assembleRetention } from './retention-result.assembler';

const labels = ['2026-01-05T00:00:00', '2026-01-12T00:00:00', '2026-01-19T00:00:00'];
const row = (c: number, grp: number, k: number, persons: number, label: string | null = null) => ({ c, grp, k, persons, label });

describe('assembleRetention', () => {
  it('lists every cohort with a triangle of periods, sizes at period 0 and percentages of the size', () => {
    const result = assembleRetention([row(0, 0, 0, 4), row(0, 0, 2, 1), row(1, 0, 0, 2), row(1, 0, 1, 2)], labels, 3, 'ON', null);
    expect(result).toEqual({
      cohorts: [
        { cohort: labels[0], size: 4, values: [{ period: 0, persons: 4, percentage: 100 }, { period: 1, persons: 0, percentage: 0 }, { period: 2, persons: 1, percentage: 25 }] },
        { cohort: labels[1], size: 2, values: [{ period: 0, persons: 2, percentage: 100 }, { period: 1, persons: 2, percentage: 100 }] },
        { cohort: labels[2], size: 0, values: [{ period: 0, persons: 0, percentage: 0 }] },
      ],
      breakdowns: [],
    });
  });

  it('turns "last return at k" rows into cumulative values for ON_OR_AFTER', () => {
    const result = assembleRetention([row(0, 0, 0, 5), row(0, 0, 1, 2), row(0, 0, 2, 1)], labels, 3, 'ON_OR_AFTER', null);
    expect(result.cohorts[0]?.values.map((v) => v.persons)).toEqual([5, 3, 1]);
  });

  it('orders breakdown groups by rank, other last with a null value, and sums them into the totals', () => {
    const rows = [row(0, 2, 0, 1, 'free'), row(0, 1, 0, 3, 'pro'), row(0, 3, 0, 2, 'team'), row(0, 1, 1, 1, 'pro')];
    const result = assembleRetention(rows, labels, 2, 'ON', { limit: 2 });
    expect(result.breakdowns.map((b) => [b.value, b.other, b.cohorts[0]?.size])).toEqual([
      ['pro', false, 3],
      ['free', false, 1],
      [null, true, 2],
    ]);
    expect(result.cohorts[0]?.values.map((v) => v.persons)).toEqual([6, 1]);
  });

  it('refuses a row outside the grid', () => {
    expect(() => assembleRetention([row(0, 0, 3, 1)], labels, 3, 'ON', null)).toThrow(/outside the grid/);
  });
});
