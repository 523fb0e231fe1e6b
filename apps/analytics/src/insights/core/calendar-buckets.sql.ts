import { DomainError, INSIGHT_LIMITS, type Interval } from '@fulcrum/contracts';
import type { ResolvedRange } from './scoped-events.sql';
import { SqlParams } from './sql-params';
import type { SqlRunner } from './sql-runner';
import { LocalClock, dayOf, labelOf, nextLocal, truncateLocal } from './local-clock';
import { type UtcOffsets, loadUtcOffsets } from './utc-offsets.sql';

/** DuckDB date part of each interval (an allow-list: only these words ever reach SQL text). */
export const INTERVAL_UNITS: Readonly<Record<Interval, 'hour' | 'day' | 'week' | 'month'>> = {
  HOUR: 'hour',
  DAY: 'day',
  WEEK: 'week',
  MONTH: 'month',
};

/** strftime format of bucket labels: the local wall-clock start `YYYY-MM-DDTHH:mm:ss`. */
export const BUCKET_LABEL_FORMAT = '%Y-%m-%dT%H:%M:%S';

/** How far before `from` the offsets are loaded: the bucket before a month bucket, or a 30-day window, plus DST. */
const LOOK_BACK_US = 34 * 86_400_000_000;

/**
 * The calendar buckets of a range in a time zone: every bucket (local hour, day, ISO week starting
 * Monday, month) that contains at least one instant of [from, to), ascending. A local hour skipped
 * by a DST change holds no instant, so it is not a bucket; the hour repeated when clocks go back is
 * one bucket holding two real hours.
 */
export interface CalendarBuckets {
  labels: string[];
  /** First instant (epoch µs) of each bucket (before `from` when the range starts inside the bucket). */
  startUs: number[];
  /** Local date `YYYY-MM-DD` of the last instant of each bucket that is before `to`. */
  lastDays: string[];
  /** The bucket just before the first one (lifecycle's "previous bucket" of the first bucket). */
  previous: { label: string; startUs: number };
  /** UTC offsets over [offsetsFromUs, to]: 34 days before `from` (covers `previous` and any 30-day look-back). */
  offsets: UtcOffsets;
  offsetsFromUs: number;
  clock: LocalClock;
}

/**
 * Lists the buckets of a resolved range. Refuses (VALIDATION_FAILED) a range of more than
 * `INSIGHT_LIMITS.maxBuckets` calendar steps before reading anything else.
 */
export async function loadCalendarBuckets(runner: SqlRunner, timeZone: string, range: ResolvedRange, interval: Interval): Promise<CalendarBuckets> {
  await assertBucketCount(runner, timeZone, range, interval);
  const fromUs = Date.parse(range.from) * 1000;
  const toUs = Date.parse(range.to) * 1000;
  const offsetsFromUs = fromUs - LOOK_BACK_US;
  const offsets = await loadUtcOffsets(runner, timeZone, offsetsFromUs, toUs);
  const clock = new LocalClock(offsets);
  const labels: string[] = [];
  const startUs: number[] = [];
  const lastDays: string[] = [];
  const lastUs = truncateLocal(clock.local(toUs - 1), interval);
  for (let b = truncateLocal(clock.local(fromUs), interval); b <= lastUs; b = nextLocal(b, interval)) {
    const start = clock.firstInstantAtOrAfter(b);
    const end = Math.min(clock.firstInstantAtOrAfter(nextLocal(b, interval)), toUs);
    if (!(start < end)) continue; // no instant of the range in this wall-clock bucket (a DST gap)
    labels.push(labelOf(b));
    startUs.push(start);
    lastDays.push(dayOf(clock.local(end - 1)));
  }
  const firstStart = startUs[0] as number;
  const previous = truncateLocal(clock.local(firstStart - 1), interval);
  return { labels, startUs, lastDays, previous: { label: labelOf(previous), startUs: clock.firstInstantAtOrAfter(previous) }, offsets, offsetsFromUs, clock };
}

/**
 * A lower bound of each interval's calendar step (µs), with room for any DST or zone change (a
 * local hour can be 30 minutes, a local day 22 h, and ICU's history has odder ones).
 */
const SHORTEST_STEP_US: Readonly<Record<Interval, number>> = {
  HOUR: 1_800_000_000,
  DAY: 12 * 3_600_000_000,
  WEEK: 6 * 86_400_000_000,
  MONTH: 27 * 86_400_000_000,
};

async function assertBucketCount(runner: SqlRunner, timeZone: string, range: ResolvedRange, interval: Interval): Promise<void> {
  // A span of S µs touches at most S / (shortest step) + 2 buckets; well inside the limit, no need to count exactly.
  const spanUs = (Date.parse(range.to) - Date.parse(range.from)) * 1000;
  if (spanUs / SHORTEST_STEP_US[interval] + 2 <= INSIGHT_LIMITS.maxBuckets) return;
  const unit = INTERVAL_UNITS[interval];
  const p = new SqlParams();
  const tz = p.addTyped(timeZone, 'VARCHAR');
  const [row] = await runner.rows(
    `SELECT date_sub('${unit}', date_trunc('${unit}', timezone(${tz}, ${p.addTyped(range.from, 'TIMESTAMPTZ')})),
                     date_trunc('${unit}', timezone(${tz}, make_timestamptz(epoch_us(${p.addTyped(range.to, 'TIMESTAMPTZ')}) - 1)))) + 1 AS n`,
    p.values,
  );
  const steps = Number(row?.['n']);
  if (!(steps <= INSIGHT_LIMITS.maxBuckets)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The range covers ${steps} ${unit} buckets; at most ${INSIGHT_LIMITS.maxBuckets} are allowed (shorten the range or use a longer interval).`,
      { field: 'query.dateRange', buckets: steps, maxBuckets: INSIGHT_LIMITS.maxBuckets },
    );
  }
}
