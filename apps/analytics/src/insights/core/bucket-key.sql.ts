import type { Interval } from '@fulcrum/contracts';
import type { SqlParams } from './sql-params';
import { type UtcOffsets, localMicrosSql } from './utc-offsets.sql';

const STEP_US: Readonly<Record<Exclude<Interval, 'MONTH'>, number>> = {
  HOUR: 3_600_000_000,
  DAY: 86_400_000_000,
  WEEK: 604_800_000_000,
};

/**
 * The calendar buckets of a range as integer keys: key 0 is the first bucket (the bucket of
 * `from`), and a bucket's key is the number of calendar steps (hours, days, ISO weeks, months) from
 * the first one. Days, weeks and months of a range are contiguous, so their key is their index in
 * the bucket list; a local hour skipped by a DST change leaves a gap in the hour keys.
 */
export interface BucketKeys {
  interval: Interval;
  /** Label (`YYYY-MM-DDTHH:mm:ss`, local wall clock) of the first bucket. */
  firstLabel: string;
  /** Key of the last bucket (the bucket of the last instant before `to`). */
  lastKey: number;
  /** UTC offsets of the time zone over every instant the keys are computed for. */
  offsets: UtcOffsets;
}

/** Wall-clock µs of a label, as DuckDB's `epoch_us` of the local TIMESTAMP. */
function labelMicros(label: string): number {
  const ms = Date.parse(`${label}Z`);
  if (Number.isNaN(ms)) throw new Error(`bad bucket label ${label}`);
  return ms * 1000;
}

/** Calendar steps from `first` to `label` (both bucket starts of `interval`). */
export function bucketKeyOf(interval: Interval, first: string, label: string): number {
  if (interval === 'MONTH') {
    const [fy, fm] = first.split('-').map(Number) as [number, number];
    const [y, m] = label.split('-').map(Number) as [number, number];
    return (y - fy) * 12 + (m - fm);
  }
  return Math.round((labelMicros(label) - labelMicros(first)) / STEP_US[interval]);
}

export function bucketKeys(interval: Interval, labels: readonly string[], offsets: UtcOffsets): BucketKeys {
  const firstLabel = labels[0];
  const lastLabel = labels[labels.length - 1];
  if (firstLabel === undefined || lastLabel === undefined) throw new Error('a range has at least one bucket');
  return { interval, firstLabel, lastKey: bucketKeyOf(interval, firstLabel, lastLabel), offsets };
}

/**
 * SQL of the bucket key (INTEGER) of an instant (`tsSql`, TIMESTAMPTZ) inside the range: its local
 * wall-clock time by integer arithmetic on the UTC offsets (no ICU call per row), then whole steps
 * from the first bucket. Clamped to [0, lastKey]: only a clock going back across a bucket start
 * (e.g. America/Santiago at midnight) can put an instant of the range outside the listed buckets,
 * and such an instant counts in the nearest listed bucket.
 */
export function bucketKeySql(keys: BucketKeys, params: SqlParams, tsSql: string): string {
  const local = localMicrosSql(`epoch_us(${tsSql})`, keys.offsets, params);
  const last = params.addTyped(BigInt(keys.lastKey), 'BIGINT');
  let steps: string;
  if (keys.interval === 'MONTH') {
    steps = `date_diff('month', ${params.addTyped(keys.firstLabel.replace('T', ' '), 'TIMESTAMP')}, make_timestamp(${local}))`;
  } else {
    const first = params.addTyped(BigInt(labelMicros(keys.firstLabel)), 'BIGINT');
    // Integer division truncates toward zero; a negative difference is clamped to 0 anyway.
    steps = `((${local} - ${first}) // ${params.addTyped(BigInt(STEP_US[keys.interval]), 'BIGINT')})`;
  }
  return `CAST(greatest(0, least(${last}, ${steps})) AS INTEGER)`;
}
