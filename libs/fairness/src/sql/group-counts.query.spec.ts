import { DomainError } from '@fulcrum/contracts';
import { buildGroupCountsQuery, fetchGroupCounts, parseGroupCountsRows, type GroupCountsQueryInput } from './group-counts.query';

const BASE: GroupCountsQueryInput = {
  modelVersionId: '6f1c1a52-9b8f-4e55-9a37-000000000001',
  attributes: ['sex'],
  favorableOutcome: 'approve',
  positiveOutcome: 'approve',
  positiveGroundTruth: 'repaid',
};

describe('buildGroupCountsQuery', () => {
  it('binds every input as a value; attribute names are read with attributes ->> $n', () => {
    const hostile = "sex'); DROP TABLE decisions; --";
    const q = buildGroupCountsQuery({ ...BASE, attributes: [hostile, 'race'], favorableOutcome: "o'k", from: '2024-01-01T00:00:00Z', to: new Date('2024-02-01T00:00:00Z') });
    expect(q.text).not.toContain(hostile);
    expect(q.text).not.toContain('race');
    expect(q.text).not.toContain("o'k");
    expect(q.text).not.toContain('2024');
    expect(q.text).toContain('attributes ->> $5::text AS g0');
    expect(q.text).toContain('attributes ->> $6::text AS g1');
    expect(q.text).toContain('occurred_at >= $7::timestamptz');
    expect(q.text).toContain('occurred_at < $8::timestamptz');
    expect(q.text).toContain('GROUP BY d.g0, d.g1');
    expect(q.values).toEqual([BASE.modelVersionId, "o'k", 'approve', 'repaid', hostile, 'race', '2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z']);
    // Every placeholder has a value and every value a placeholder.
    const used = new Set([...q.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    expect([...used].sort((a, b) => a - b)).toEqual(q.values.map((_, i) => i + 1));
  });

  it('leaves out the time bounds that are not given', () => {
    const q = buildGroupCountsQuery(BASE);
    expect(q.text).not.toContain('occurred_at');
    expect(q.values).toHaveLength(5);
    const onlyTo = buildGroupCountsQuery({ ...BASE, to: '2024-01-01' });
    expect(onlyTo.text).toContain('occurred_at < $6::timestamptz');
    expect(onlyTo.text).not.toContain('occurred_at >=');
  });

  it('rejects bad input with VALIDATION_FAILED', () => {
    const bad: Array<Partial<GroupCountsQueryInput>> = [
      { modelVersionId: 'not-a-uuid' },
      { attributes: [] },
      { attributes: ['sex', 'sex'] },
      { attributes: [''] },
      { attributes: Array.from({ length: 9 }, (_, i) => `a${i}`) },
      { from: 'yesterday' },
      { from: '2024-02-01', to: '2024-01-01' },
      { from: '2024-01-01', to: '2024-01-01' },
    ];
    for (const patch of bad) {
      let error: unknown;
      try {
        buildGroupCountsQuery({ ...BASE, ...patch });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('parseGroupCountsRows', () => {
  it('turns bigint strings into numbers, keeps null groups, and orders groups locale-independently', () => {
    const row = (g0: string | null, g1: string | null, n: string) => ({ g0, g1, n, favorable: '1', predicted_positive: '1', labeled: '1', tp: '1', fp: '0', tn: '0', fn: '0' });
    const table = parseGroupCountsRows(['sex', 'race'], [row(null, 'W', '3'), row('b', 'W', '2'), row('B', null, '4'), row('B', 'W', '5')]);
    expect(table.attributes).toEqual(['sex', 'race']);
    expect(table.groups.map((g) => g.values)).toEqual([['B', 'W'], ['B', null], ['b', 'W'], [null, 'W']]);
    expect(table.groups[0]).toEqual({ values: ['B', 'W'], n: 5, favorable: 1, predictedPositive: 1, labeled: 1, tp: 1, fp: 0, tn: 0, fn: 0 });
  });

  it('refuses rows that are not counts', () => {
    expect(() => parseGroupCountsRows(['x'], [{ g0: 'a', n: 'lots' }])).toThrow(/not a count/);
    expect(() => parseGroupCountsRows(['x'], [{ g0: 5, n: '1' }])).toThrow(/not text/);
  });

  it('fetchGroupCounts runs the built statement through the given runner', async () => {
    const calls: Array<[string, unknown[]]> = [];
    const table = await fetchGroupCounts(async (text, values) => {
      calls.push([text, values]);
      return [{ g0: 'F', n: '2', favorable: '1', predicted_positive: '1', labeled: '0', tp: '0', fp: '0', tn: '0', fn: '0' }];
    }, BASE);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual([buildGroupCountsQuery(BASE).text, buildGroupCountsQuery(BASE).values]);
    expect(table.groups).toEqual([{ values: ['F'], n: 2, favorable: 1, predictedPositive: 1, labeled: 0, tp: 0, fp: 0, tn: 0, fn: 0 }]);
  });
});
