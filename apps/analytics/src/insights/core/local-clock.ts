import type { Interval } from '@fulcrum/contracts';
import type { UtcOffsets } from './utc-offsets.sql';

/**
 * Wall-clock arithmetic in one time zone over a span of instants, from its UTC offsets (exact to
 * the second, loaded from DuckDB's ICU). Instants and wall-clock times are both epoch µs (a wall
 * clock as a TIMESTAMP without zone holds it). Pure: no DuckDB call.
 */
export class LocalClock {
  /** Offset segments: from `startUs` (inclusive) to the next segment's start, the offset is `offsetUs`. */
  private readonly segments: Array<{ startUs: number; endUs: number; offsetUs: number }>;

  constructor(offsets: UtcOffsets) {
    const starts = [Number.NEGATIVE_INFINITY, ...offsets.changes.map((c) => c.atUs)];
    const values = [offsets.initialUs, ...offsets.changes.map((c) => c.offsetUs)];
    this.segments = starts.map((startUs, i) => ({ startUs, endUs: starts[i + 1] ?? Number.POSITIVE_INFINITY, offsetUs: values[i] as number }));
  }

  /** Wall-clock time of an instant. */
  local(instantUs: number): number {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i] as (typeof this.segments)[number];
      if (instantUs >= s.startUs) return instantUs + s.offsetUs;
    }
    throw new Error('unreachable: the first segment starts at -infinity');
  }

  /**
   * The first instant whose wall-clock time is at or after `localUs`: in a DST gap, the first
   * instant after the gap; for a wall-clock time that occurs twice, its first occurrence.
   */
  firstInstantAtOrAfter(localUs: number): number {
    for (const s of this.segments) {
      const t = Math.max(s.startUs, localUs - s.offsetUs);
      if (t < s.endUs) return t;
    }
    throw new Error('unreachable: the last segment ends at +infinity');
  }
}

const US_PER_MS = 1000;

/** Start of the calendar bucket (local hour, day, ISO week from Monday, month) of a wall-clock time. */
export function truncateLocal(localUs: number, interval: Interval): number {
  const d = new Date(Math.floor(localUs / US_PER_MS));
  switch (interval) {
    case 'HOUR':
      d.setUTCMinutes(0, 0, 0);
      break;
    case 'DAY':
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'WEEK':
      d.setUTCHours(0, 0, 0, 0);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      break;
    case 'MONTH':
      d.setUTCHours(0, 0, 0, 0);
      d.setUTCDate(1);
      break;
  }
  return d.getTime() * US_PER_MS;
}

/** The next bucket start after a bucket start (wall clock). */
export function nextLocal(bucketUs: number, interval: Interval): number {
  const d = new Date(bucketUs / US_PER_MS);
  if (interval === 'HOUR') d.setUTCHours(d.getUTCHours() + 1);
  if (interval === 'DAY') d.setUTCDate(d.getUTCDate() + 1);
  if (interval === 'WEEK') d.setUTCDate(d.getUTCDate() + 7);
  if (interval === 'MONTH') d.setUTCMonth(d.getUTCMonth() + 1);
  return d.getTime() * US_PER_MS;
}

/** `YYYY-MM-DDTHH:mm:ss` of a wall-clock time. */
export function labelOf(localUs: number): string {
  return new Date(Math.floor(localUs / US_PER_MS)).toISOString().slice(0, 19);
}

/** `YYYY-MM-DD` of a wall-clock time. */
export function dayOf(localUs: number): string {
  return labelOf(localUs).slice(0, 10);
}
