/**
 * Brute-force reference of what every insight shares, in plain TypeScript, written from the
 * definitions in docs/metrics.md and NOT from the engine's SQL: persons as of a version, property
 * filters, person properties, date ranges and calendar buckets in a time zone.
 */
import type { FilterScalar, Interval, PropertyFilter } from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';

export interface RefEvent extends TestEvent {
  id: string;
  seq: number;
  properties: Record<string, unknown>;
}

/** Fills the defaults the test DB uses, so the reference sees exactly what is stored. */
export function normalise(events: readonly TestEvent[]): RefEvent[] {
  return events.map((e, i) => ({ ...e, id: e.id ?? `ev-${String(i).padStart(6, '0')}`, seq: e.seq ?? 1, properties: e.properties ?? {} }));
}

/** Events known at `version` (stream position ≤ version). */
export function asOf(events: readonly RefEvent[], version: number): RefEvent[] {
  return events.filter((e) => e.seq <= version);
}

/** The event's person at `version`: its link's person once the link is known, else its own id. */
export function personOf(e: TestEvent, version: number): string {
  return e.personId !== undefined && e.personLinkSeq !== undefined && e.personLinkSeq <= version ? e.personId : e.distinctId;
}

/** Total order of a person's events: timestamp, then event id (docs/metrics.md "Event order"). */
export function byTimeThenId(a: RefEvent, b: RefEvent): number {
  const d = Date.parse(a.timestamp) - Date.parse(b.timestamp);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function textForm(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function eq(v: unknown, expected: FilterScalar): boolean {
  if (!isPresent(v)) return false;
  if (typeof expected === 'string') return textForm(v) === expected;
  if (typeof expected === 'number') {
    const t = textForm(v).trim();
    const n = t === '' ? NaN : Number(t);
    return !Number.isNaN(n) && n === expected;
  }
  return typeof v === 'boolean' && v === expected;
}

/** One filter on one value (undefined = the key is absent). */
export function matchesFilter(v: unknown, f: PropertyFilter): boolean {
  const value = f.value;
  switch (f.operator) {
    case 'is_set':
      return isPresent(v);
    case 'is_not_set':
      return !isPresent(v);
    case 'eq':
      return eq(v, value as FilterScalar);
    case 'neq':
      return !eq(v, value as FilterScalar);
    case 'in':
      return (Array.isArray(value) ? value : [value as FilterScalar]).some((x) => eq(v, x));
    case 'contains':
      return isPresent(v) && textForm(v).toLowerCase().includes(String(value).toLowerCase());
    case 'gt':
    case 'lt': {
      if (!isPresent(v)) return false;
      const t = textForm(v).trim();
      const n = t === '' ? NaN : Number(t);
      if (Number.isNaN(n)) return false;
      return f.operator === 'gt' ? n > (value as number) : n < (value as number);
    }
  }
}

/**
 * Person properties at `version`: over the person's events in (timestamp, id) order, `$set` keys
 * overwrite, `$set_once` keys count only when the key was never set by `$set`... (see below), and
 * an `$identify` event without `$set`/`$set_once` sets all its properties.
 * Precisely, per key: the last `$set` value if any, else the first `$set_once` value.
 */
export function personProperties(events: readonly RefEvent[], version: number): Map<string, Record<string, unknown>> {
  const sets = new Map<string, Record<string, unknown>>();
  const onces = new Map<string, Record<string, unknown>>();
  for (const e of [...asOf(events, version)].sort(byTimeThenId)) {
    const person = personOf(e, version);
    const p = e.properties;
    const set = isObject(p['$set']) ? p['$set'] : e.event === '$identify' && !isObject(p['$set_once']) ? p : undefined;
    const once = isObject(p['$set_once']) ? p['$set_once'] : undefined;
    if (set) sets.set(person, { ...(sets.get(person) ?? {}), ...set });
    if (once) onces.set(person, { ...once, ...(onces.get(person) ?? {}) });
  }
  const out = new Map<string, Record<string, unknown>>();
  for (const person of new Set([...sets.keys(), ...onces.keys()])) out.set(person, { ...(onces.get(person) ?? {}), ...(sets.get(person) ?? {}) });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** All filters hold for the event (person filters read `personProps` of the event's person). */
export function matchesFilters(
  e: RefEvent,
  filters: readonly PropertyFilter[] | undefined,
  person: string,
  personProps: Map<string, Record<string, unknown>>,
): boolean {
  return (filters ?? []).every((f) =>
    matchesFilter(f.type === 'person' ? personProps.get(person)?.[f.property] : e.properties[f.property], f),
  );
}

/** Wall-clock parts of an instant in a time zone. */
export function localParts(iso: string, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number; ms: number } {
  const date = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute'), s: get('second'), ms: date.getUTCMilliseconds() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The calendar bucket of an instant in a time zone, as the local wall-clock start of the bucket
 * `YYYY-MM-DDTHH:mm:ss` (weeks start on Monday, ISO 8601).
 */
export function bucketOf(iso: string, interval: Interval, timeZone: string): string {
  const p = localParts(iso, timeZone);
  switch (interval) {
    case 'HOUR':
      return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.h)}:00:00`;
    case 'DAY':
      return `${p.y}-${pad(p.m)}-${pad(p.d)}T00:00:00`;
    case 'MONTH':
      return `${p.y}-${pad(p.m)}-01T00:00:00`;
    case 'WEEK': {
      const day = new Date(Date.UTC(p.y, p.m - 1, p.d));
      const back = (day.getUTCDay() + 6) % 7; // Monday = 0
      day.setUTCDate(day.getUTCDate() - back);
      return `${day.toISOString().slice(0, 10)}T00:00:00`;
    }
  }
}

/** The next bucket start after a bucket start (local wall-clock strings). */
export function nextBucket(bucket: string, interval: Interval): string {
  const d = new Date(`${bucket}Z`);
  if (interval === 'HOUR') d.setUTCHours(d.getUTCHours() + 1);
  if (interval === 'DAY') d.setUTCDate(d.getUTCDate() + 1);
  if (interval === 'WEEK') d.setUTCDate(d.getUTCDate() + 7);
  if (interval === 'MONTH') d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 19);
}
