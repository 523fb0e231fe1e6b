import { SqlParams } from '../core/sql-params';
import { bucketKeyOf, bucketKeySql, bucketKeys } from './bucket-key.sql';

describe('bucket keys', () => {
  it('counts calendar steps between bucket labels', () => {
    expect(bucketKeyOf('MONTH', '2025-11-01T00:00:00', '2026-02-01T00:00:00')).toBe(3);
    expect(bucketKeyOf('WEEK', '2026-03-23T00:00:00', '2026-04-06T00:00:00')).toBe(2);
    expect(bucketKeyOf('DAY', '2026-03-28T00:00:00', '2026-03-30T00:00:00')).toBe(2);
    expect(bucketKeyOf('HOUR', '2026-03-29T01:00:00', '2026-03-29T03:00:00')).toBe(2); // 02:00 skipped in Paris: a gap in the keys
  });

  it('binds every value and clamps the key to the listed buckets', () => {
    const keys = bucketKeys('WEEK', ['2026-03-23T00:00:00', '2026-03-30T00:00:00'], { initialUs: 3_600_000_000, changes: [{ atUs: 1_774_746_000_000_000, offsetUs: 7_200_000_000 }] });
    const params = new SqlParams();
    const sql = bucketKeySql(keys, params, 'e.timestamp');
    expect(sql).toMatch(/^CAST\(greatest\(0, least\(/);
    expect(sql).not.toMatch(/\d{6,}/); // offsets, bounds and steps are parameters
    expect(params.values).toContain(1n); // the last key
  });
});
