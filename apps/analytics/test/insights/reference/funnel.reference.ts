/**
 * Brute-force reference of the funnel insight, in plain TypeScript, written from the definitions in
 * docs/metrics.md and NOT from the engine's SQL: it enumerates every path of every person
 * (depth-first, in lexicographic order of event positions) and applies the selection rules
 * literally. Small logs only.
 */
import type {
  FunnelBreakdownResultDto,
  FunnelPersonsQuery,
  FunnelPersonsResultDto,
  FunnelQuery,
  FunnelResultDto,
  FunnelStepResultDto,
  PropertyFilter,
} from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';
import { type RefEvent, asOf, byTimeThenId, localParts, matchesFilters, normalise, personOf, personProperties } from './common.reference';

const UNIT_MS = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 604_800_000 } as const;

export interface FunnelRefOptions {
  /** Data version (default: everything). */
  version?: number;
  /** Time zone of date-only bounds (default UTC). */
  timeZone?: string;
}

/** A person's events in range, in event order, with what each matches. */
interface PersonLog {
  person: string;
  events: RefEvent[];
  /** steps[p] = step indices event p matches (before any breakdown restriction). */
  steps: number[][];
  /** exclusions[p] = exclusion indices event p matches. */
  exclusions: number[][];
  values: Array<string | null>;
}

/** The counted path of a person (or of a person and value with ALL_STEPS). */
interface Counted {
  person: string;
  /** Event positions of the path in the person's log; length = level + 1. */
  path: number[];
  times: number[];
  value: string | null;
}

/** The text form of a property value as a breakdown label (null when not set or JSON null). */
export function breakdownLabel(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Instants of a date range: a date-only bound is local midnight in the zone (`to`: the next day's). */
export function refRange(range: { from: string; to: string }, timeZone: string): { from: number; to: number } {
  const bound = (b: string, end: boolean): number => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b)) return Date.parse(b);
    const day = new Date(`${b}T00:00:00Z`);
    if (end) day.setUTCDate(day.getUTCDate() + 1);
    return localMidnight(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), timeZone);
  };
  return { from: bound(range.from, false), to: bound(range.to, true) };
}

function localMidnight(y: number, m: number, d: number, timeZone: string): number {
  const target = Date.UTC(y, m - 1, d);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess).toISOString(), timeZone);
    const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    guess += target - asUtc;
  }
  return guess;
}

function logs(all: readonly TestEvent[], query: FunnelQuery, options: FunnelRefOptions): PersonLog[] {
  const version = options.version ?? Number.MAX_SAFE_INTEGER;
  const events = asOf(normalise(all), version);
  const props = personProperties(normalise(all), version);
  const { from, to } = refRange(query.dateRange, options.timeZone ?? 'UTC');
  const byPerson = new Map<string, RefEvent[]>();
  for (const e of events) {
    const ts = Date.parse(e.timestamp);
    if (ts < from || ts >= to) continue;
    const person = personOf(e, version);
    if (!matchesFilters(e, query.filters, person, props)) continue;
    const list = byPerson.get(person) ?? [];
    list.push(e);
    byPerson.set(person, list);
  }
  const matches = (e: RefEvent, person: string, spec: { event: string; filters?: PropertyFilter[] }) =>
    e.event === spec.event && matchesFilters(e, spec.filters, person, props);
  const out: PersonLog[] = [];
  for (const [person, list] of byPerson) {
    const sorted = [...list].sort(byTimeThenId);
    out.push({
      person,
      events: sorted,
      steps: sorted.map((e) => query.steps.flatMap((s, j) => (matches(e, person, s) ? [j] : []))),
      exclusions: sorted.map((e) => (query.exclusions ?? []).flatMap((x, i) => (matches(e, person, x) ? [i] : []))),
      values: sorted.map((e) => (query.breakdown ? breakdownLabel(e.properties[query.breakdown.property]) : null)),
    });
  }
  return out;
}

/**
 * The person's counted path: every path (definition per order), the valid ones, the furthest
 * level, then the latest first event, then the lexicographically smallest positions. `stepOk(p, j)`
 * says whether event p may serve as step j (the ALL_STEPS value restriction).
 */
function countedPath(log: PersonLog, query: FunnelQuery, stepOk: (p: number, j: number) => boolean): number[] | null {
  const order = query.order ?? 'ORDERED';
  const windowMs = (query.conversionWindow?.value ?? 14) * UNIT_MS[query.conversionWindow?.unit ?? 'DAY'];
  const n = query.steps.length;
  const ts = log.events.map((e) => Date.parse(e.timestamp));
  const matchesStep = (p: number, j: number) => at(log.steps, p).includes(j) && stepOk(p, j);
  const exclusions = query.exclusions ?? [];
  const validAt = (path: number[]): boolean => {
    // Checked when the path gets its toStep event: no exclusion event strictly between.
    const k = path.length - 1;
    return exclusions.every((x, i) => {
      if (x.toStep !== k) return true;
      const a = at(path, x.fromStep);
      const b = at(path, x.toStep);
      for (let q = a + 1; q < b; q++) if (at(log.exclusions, q).includes(i)) return false;
      return true;
    });
  };
  let best: number[] | null = null;
  const better = (p: number[]): boolean => {
    if (best === null) return true;
    if (p.length !== best.length) return p.length > best.length;
    if (at(p, 0) !== at(best, 0)) return at(p, 0) > at(best, 0);
    for (let i = 1; i < p.length; i++) if (at(p, i) !== at(best, i)) return at(p, i) < at(best, i);
    return false;
  };
  const visit = (path: number[], used: Set<number>): void => {
    if (better(path)) best = [...path];
    if (path.length === n) return;
    const last = at(path, path.length - 1);
    const start = at(ts, at(path, 0));
    for (let q = last + 1; q < log.events.length; q++) {
      if (at(ts, q) - start > windowMs) break;
      if (order === 'STRICT' && q !== last + 1) break;
      if (order === 'ANY') {
        for (const j of at(log.steps, q)) {
          if (used.has(j) || !stepOk(q, j)) continue;
          used.add(j);
          visit([...path, q], used);
          used.delete(j);
        }
      } else if (matchesStep(q, path.length)) {
        const next = [...path, q];
        if (validAt(next)) visit(next, used);
      }
    }
  };
  for (let p = 0; p < log.events.length; p++) {
    if (order === 'ANY') {
      for (const j of at(log.steps, p)) if (stepOk(p, j)) visit([p], new Set([j]));
    } else if (matchesStep(p, 0)) {
      visit([p], new Set([0]));
    }
  }
  return best;
}

function toCounted(log: PersonLog, path: number[], value: string | null): Counted {
  const ts = path.map((p) => Date.parse(at(log.events, p).timestamp));
  return { person: log.person, path, times: ts.slice(1).map((t, i) => (t - at(ts, i)) / 1000), value };
}

/** Counted paths of the whole funnel (no breakdown restriction); value per attribution. */
function countedAll(all: readonly TestEvent[], query: FunnelQuery, options: FunnelRefOptions): Counted[] {
  const attribution = query.breakdown?.attribution ?? 'FIRST_TOUCH';
  const out: Counted[] = [];
  for (const log of logs(all, query, options)) {
    const path = countedPath(log, query, () => true);
    if (path === null) continue;
    const attributed = attribution === 'LAST_TOUCH' ? at(path, path.length - 1) : at(path, 0);
    out.push(toCounted(log, path, log.values[attributed] ?? null));
  }
  return out;
}

/** ALL_STEPS: one counted path per person and value (only events with that value may be steps). */
function countedPerValue(all: readonly TestEvent[], query: FunnelQuery, options: FunnelRefOptions): Counted[] {
  const out: Counted[] = [];
  for (const log of logs(all, query, options)) {
    const values = new Set(log.values);
    for (const v of values) {
      const path = countedPath(log, query, (p) => log.values[p] === v);
      if (path !== null) out.push(toCounted(log, path, v));
    }
  }
  return out;
}

/** xs[i], which must exist. */
function at<T>(xs: readonly T[], i: number): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`reference: no element ${i}`);
  return v;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? at(s, mid) : (at(s, mid - 1) + at(s, mid)) / 2;
}

function stepsOf(query: FunnelQuery, counted: Counted[]): FunnelStepResultDto[] {
  const n = query.steps.length;
  const counts = query.steps.map((_, j) => counted.filter((c) => c.path.length - 1 >= j).length);
  return query.steps.map((s, j) => {
    const count = at(counts, j);
    const times = counted.filter((c) => c.path.length - 1 >= j && j > 0).map((c) => at(c.times, j - 1));
    const first = at(counts, 0);
    const prev = j === 0 ? first : at(counts, j - 1);
    return {
      index: j,
      event: s.event,
      count,
      conversionRateFromFirst: first > 0 ? count / first : 0,
      conversionRateFromPrevious: prev > 0 ? count / prev : 0,
      medianTimeToConvertSeconds: j > 0 ? median(times) : null,
      averageTimeToConvertSeconds: j > 0 && times.length > 0 ? times.reduce((a, b) => a + b, 0) / times.length : null,
      droppedOff: j + 1 < n ? count - at(counts, j + 1) : 0,
    };
  });
}

/** Byte order of UTF-8 strings (DuckDB's VARCHAR order). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The breakdown rows: top values by persons at step 0 (ties: value ascending, null last), then "other". */
function breakdownGroups(query: FunnelQuery, counted: Counted[]): Array<{ value: string | null; other: boolean; counted: Counted[] }> {
  const limit = query.breakdown?.limit ?? 10;
  const byValue = new Map<string | null, Counted[]>();
  for (const c of counted) byValue.set(c.value, [...(byValue.get(c.value) ?? []), c]);
  const ranked = [...byValue.entries()].sort(([va, ca], [vb, cb]) => {
    if (ca.length !== cb.length) return cb.length - ca.length;
    if (va === null) return vb === null ? 0 : 1;
    if (vb === null) return -1;
    return byteOrder(va, vb);
  });
  const top = ranked.slice(0, limit).map(([value, c]) => ({ value, other: false, counted: c }));
  const rest = ranked.slice(limit).flatMap(([, c]) => c);
  // Per person, the best of their paths outside the top: furthest, latest start, smallest positions.
  const perPerson = new Map<string, Counted>();
  for (const c of rest) {
    const b = perPerson.get(c.person);
    if (b === undefined || comparePaths(c.path, b.path) > 0) perPerson.set(c.person, c);
  }
  const other = [...perPerson.values()];
  return other.length > 0 ? [...top, { value: null, other: true, counted: other }] : top;
}

/** > 0 when path a is preferred over b (longer, then later start, then lexicographically smaller). */
function comparePaths(a: number[], b: number[]): number {
  if (a.length !== b.length) return a.length - b.length;
  if (at(a, 0) !== at(b, 0)) return at(a, 0) - at(b, 0);
  for (let i = 1; i < a.length; i++) if (at(a, i) !== at(b, i)) return at(b, i) - at(a, i);
  return 0;
}

export function referenceFunnel(all: readonly TestEvent[], query: FunnelQuery, options: FunnelRefOptions = {}): FunnelResultDto {
  const whole = countedAll(all, query, options);
  const steps = stepsOf(query, whole);
  if (!query.breakdown) return { steps, breakdowns: [] };
  const counted = query.breakdown.attribution === 'ALL_STEPS' ? countedPerValue(all, query, options) : whole;
  const breakdowns: FunnelBreakdownResultDto[] = breakdownGroups(query, counted).map((g) => ({ value: g.value, other: g.other, steps: stepsOf(query, g.counted) }));
  return { steps, breakdowns };
}

/** Every person of the persons query (ascending), before pagination. */
export function referenceFunnelPersonIds(all: readonly TestEvent[], query: FunnelPersonsQuery, options: FunnelRefOptions = {}): string[] {
  const personsAt = query.personsAt;
  const wanted = personsAt.breakdownValue;
  let counted: Counted[];
  if (!wanted) counted = countedAll(all, { ...query, breakdown: undefined }, options);
  else {
    const all2 = query.breakdown?.attribution === 'ALL_STEPS' ? countedPerValue(all, query, options) : countedAll(all, query, options);
    if (wanted.other) counted = breakdownGroups(query, all2).find((g) => g.other)?.counted ?? [];
    else counted = all2.filter((c) => c.value === wanted.value);
  }
  return counted
    .filter((c) => (personsAt.status === 'REACHED' ? c.path.length - 1 >= personsAt.step : c.path.length - 1 === personsAt.step))
    .map((c) => c.person)
    .sort(byteOrder);
}

export function referenceFunnelPersons(all: readonly TestEvent[], query: FunnelPersonsQuery, options: FunnelRefOptions = {}): FunnelPersonsResultDto {
  const ids = referenceFunnelPersonIds(all, query, options);
  const limit = query.personsAt.limit ?? 100;
  const after = query.personsAt.after;
  const rest = after === undefined ? ids : ids.filter((id) => byteOrder(id, after) > 0);
  const page = rest.slice(0, limit);
  return { step: query.personsAt.step, status: query.personsAt.status, total: ids.length, persons: page, nextCursor: rest.length > limit ? at(page, page.length - 1) : null };
}
