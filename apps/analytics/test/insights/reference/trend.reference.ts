/**
 * Brute-force reference of the trend insight, in plain TypeScript, written from the definitions in
 * docs/metrics.md "Trend" (not from the engine's SQL): every bucket is recomputed from scratch by
 * scanning every event, instants are plain milliseconds and local times come from Intl.
 */
import type { DateRange, Interval, PropertyFilter, TrendMath, TrendQuery, TrendResultDto, TrendSeriesResultDto } from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';
import { type RefEvent, asOf, bucketOf, matchesFilters, normalise, personOf, personProperties } from './common.reference';

const MINUTE = 60_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Local date `YYYY-MM-DD` of an instant (ms) in a time zone. */
export function localDate(ms: number, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f.format(new Date(ms)); // en-CA formats as YYYY-MM-DD
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * bucketOf of common.reference with a cached formatter (the bucket list samples thousands of
 * instants): the local wall-clock start of the bucket of an instant (ms).
 */
export function bucketAt(ms: number, interval: Interval, timeZone: string): string {
  let f = wallFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit' });
    wallFormats.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const [y, m, d, h] = [get('year'), get('month'), get('day'), get('hour')];
  switch (interval) {
    case 'HOUR':
      return `${y}-${m}-${d}T${h}:00:00`;
    case 'DAY':
      return `${y}-${m}-${d}T00:00:00`;
    case 'MONTH':
      return `${y}-${m}-01T00:00:00`;
    case 'WEEK': {
      const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7)); // back to Monday
      return `${day.toISOString().slice(0, 10)}T00:00:00`;
    }
  }
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A date range in instants (ms): a date-only `from` is the first instant whose local date is that
 * day, a date-only `to` the first instant of the next day (found by bisection on the local date).
 */
export function refRange(range: DateRange, timeZone: string): { from: number; to: number } {
  const bound = (b: string, end: boolean): number => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b)) return Date.parse(b);
    const day = end ? addDays(b, 1) : b;
    let lo = Date.parse(`${day}T00:00:00Z`) - 36 * 3_600_000; // local date < day
    let hi = lo + 72 * 3_600_000; // local date >= day
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (localDate(mid, timeZone) >= day) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return { from: bound(range.from, false), to: bound(range.to, true) };
}

/**
 * The buckets of [from, to): every calendar bucket holding an instant of the range (sampled every
 * 15 minutes from `from`, plus the last millisecond), ascending, with the local date of the last
 * sampled instant of each (its last day).
 */
export function refBuckets(from: number, to: number, interval: Interval, timeZone: string): Array<{ label: string; lastDay: string }> {
  const last = new Map<string, number>();
  const visit = (t: number) => {
    const b = bucketAt(t, interval, timeZone);
    last.set(b, Math.max(last.get(b) ?? t, t));
  };
  for (let t = from; t < to; t += 15 * MINUTE) visit(t);
  visit(to - 1);
  return [...last.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([label, t]) => ({ label, lastDay: localDate(t, timeZone) }));
}

/** Breakdown text form: a string's own text, else JSON text; null when absent or JSON null. */
export function breakdownText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Value order of breakdown ties: ascending by UTF-8 bytes, null last. */
export function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The math over a set of events (UNIQUE_PERSONS counts persons as of the version). */
function mathOver(math: TrendMath, events: RefEvent[], version: number, property: string | undefined): number | null {
  if (math === 'TOTAL') return events.length;
  if (math === 'UNIQUE_PERSONS') return new Set(events.map((e) => personOf(e, version))).size;
  const xs = events.map((e) => e.properties[property as string]).filter((v): v is number => typeof v === 'number');
  switch (math) {
    case 'SUM':
      return xs.reduce((a, b) => a + b, 0);
    case 'AVG':
      return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'MIN':
      return xs.length === 0 ? null : Math.min(...xs);
    case 'MAX':
      return xs.length === 0 ? null : Math.max(...xs);
    case 'MEDIAN':
      return median(xs);
    default:
      throw new Error(`not a bucket math ${math}`);
  }
}

const WINDOW: Partial<Record<TrendMath, number>> = { DAU: 1, WAU: 7, MAU: 30 };
const PROPERTY_MATHS: TrendMath[] = ['SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN'];

export function referenceTrend(input: readonly TestEvent[], query: TrendQuery, version: number, timeZone: string): TrendResultDto {
  const events = normalise(input);
  const known = asOf(events, version);
  const props = personProperties(events, version);
  const { from, to } = refRange(query.dateRange, timeZone);
  const buckets = refBuckets(from, to, query.interval, timeZone);
  const bucketOfEvent = new Map(known.map((e) => [e.id, bucketOf(e.timestamp, query.interval, timeZone)]));
  const dayOfEvent = new Map(known.map((e) => [e.id, localDate(Date.parse(e.timestamp), timeZone)]));
  const series: TrendSeriesResultDto[] = [];
  query.series.forEach((spec, index) => {
    const math = spec.math ?? 'TOTAL';
    const filters: PropertyFilter[] = [...(query.filters ?? []), ...(spec.filters ?? [])];
    const matching = known.filter(
      (e) => (spec.event === null || e.event === spec.event) && matchesFilters(e, filters, personOf(e, version), props),
    );
    const window = WINDOW[math];
    const firstDay = window === undefined ? '' : addDays(buckets[0]?.lastDay ?? '', 1 - window);
    // The events the series reads: the range, and for rolling maths the look-back of the first window.
    const read = matching.filter((e) => {
      const t = Date.parse(e.timestamp);
      if (t >= to) return false;
      return window === undefined ? t >= from : t >= from || (dayOfEvent.get(e.id) as string) >= firstDay;
    });
    const inRange = (e: RefEvent) => Date.parse(e.timestamp) >= from;
    // Groups: one per breakdown value (top N by events in the range, ties by value), the rest as other.
    type Group = { breakdown: TrendSeriesResultDto['breakdown']; events: RefEvent[] };
    let groups: Group[];
    if (!query.breakdown) {
      groups = [{ breakdown: null, events: read }];
    } else {
      const key = query.breakdown.property;
      const limit = query.breakdown.limit ?? 10;
      const volume = new Map<string | null, number>();
      for (const e of read) {
        const v = breakdownText(e.properties[key]);
        volume.set(v, (volume.get(v) ?? 0) + (inRange(e) ? 1 : 0));
      }
      const ranked = [...volume.entries()].sort(([va, a], [vb, b]) => b - a || compareValues(va, vb)).map(([v]) => v);
      const top = ranked.slice(0, limit);
      groups = top.map((v) => ({ breakdown: { value: v, other: false }, events: read.filter((e) => breakdownText(e.properties[key]) === v) }));
      const rest = read.filter((e) => !top.includes(breakdownText(e.properties[key])));
      if (ranked.length > limit) groups.push({ breakdown: { value: null, other: true }, events: rest });
    }
    for (const g of groups) {
      let data: Array<number | null>;
      let total: number | null;
      if (window !== undefined) {
        data = buckets.map(({ lastDay }) => {
          const start = addDays(lastDay, 1 - window);
          const persons = new Set<string>();
          for (const e of g.events) {
            const d = dayOfEvent.get(e.id) as string;
            if (d >= start && d <= lastDay) persons.add(personOf(e, version));
          }
          return persons.size;
        });
        total = null;
      } else {
        data = buckets.map(({ label }) =>
          mathOver(math, g.events.filter((e) => bucketOfEvent.get(e.id) === label), version, spec.mathProperty),
        );
        total = mathOver(math, g.events, version, spec.mathProperty);
      }
      const nonNumericEvents = PROPERTY_MATHS.includes(math)
        ? g.events.filter((e) => typeof e.properties[spec.mathProperty as string] !== 'number').length
        : null;
      series.push({ index, event: spec.event, math, label: spec.label ?? null, breakdown: g.breakdown, data, total, nonNumericEvents });
    }
  });
  return { buckets: buckets.map((b) => b.label), series };
}
