import { compareGroupValues, groupKey, groupLabel, marginalizeGroupCounts, type GroupCounts } from './group-counts.model';

const g = (values: (string | null)[], n: number, favorable: number, tp = 0): GroupCounts => ({
  values,
  n,
  favorable,
  predictedPositive: favorable,
  labeled: tp,
  tp,
  fp: 0,
  tn: 0,
  fn: 0,
});

describe('group-counts model', () => {
  it('orders by code units with missing values last, and keys groups unambiguously', () => {
    const values: (string | null)[][] = [[null], ['b'], ['B'], [''], ['é'], ['a']];
    expect(values.sort(compareGroupValues)).toEqual([[''], ['B'], ['a'], ['b'], ['é'], [null]]);
    expect(groupKey(['a, b'])).not.toBe(groupKey(['a', 'b']));
    expect(groupKey([null])).not.toBe(groupKey(['null']));
    expect(groupLabel(['sex', 'race'], ['F', null])).toBe('sex=F, race=(missing)');
  });

  it('marginalizes a table exactly, keeping missing values as their own group', () => {
    const table = { attributes: ['sex', 'race'], groups: [g(['F', 'A'], 3, 1, 1), g(['F', 'B'], 4, 2, 2), g(['M', 'A'], 5, 5), g([null, 'A'], 1, 0), g(['M', null], 2, 1)] };
    expect(marginalizeGroupCounts(table, ['sex'])).toEqual({
      attributes: ['sex'],
      groups: [g(['F'], 7, 3, 3), g(['M'], 7, 6), g([null], 1, 0)],
    });
    expect(marginalizeGroupCounts(table, ['race']).groups.map((x) => [x.values, x.n])).toEqual([
      [['A'], 9],
      [['B'], 4],
      [[null], 2],
    ]);
    expect(marginalizeGroupCounts(table, ['race', 'sex']).groups[0].values).toEqual(['A', 'F']);
    expect(() => marginalizeGroupCounts(table, ['age'])).toThrow(/not in the table/);
  });
});
