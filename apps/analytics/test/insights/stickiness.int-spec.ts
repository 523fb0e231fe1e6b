import { DomainError, type PropertyFilter, type StickinessQuery, type StickinessResultDto } from '@fulcrum/contracts';
import fc from 'fast-check';
import { runStickiness } from '../../src/insights/stickiness/stickiness.engine';
import { referenceStickiness } from './reference/stickiness.reference';
import { InsightTestDb, type TestEvent } from './support/insight-test-db';
import { metricsDocExample } from './support/metrics-doc.examples';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ev(id: string, distinctId: string, timestamp: string, more: Partial<TestEvent> = {}): TestEvent {
  return { id, event: 'view', distinctId, timestamp, ...more };
}

/** Persons per x = 1..totalIntervals. */
const persons = (rows: StickinessResultDto['rows']) => rows.map((r) => r.persons);

const daily = (over: Partial<StickinessQuery> = {}): StickinessQuery => ({
  event: 'view',
  interval: 'DAY',
  dateRange: { from: '2026-01-05', to: '2026-01-07' },
  ...over,
});

describe('stickiness insight (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  const run = async (events: TestEvent[], query: StickinessQuery, options: { timeZone?: string; dataVersion?: number } = {}): Promise<StickinessResultDto> => {
    const projectId = await db.insert(events);
    return db.read((r) => runStickiness(r, db.scope(projectId, options), query));
  };

  it('answers the worked example stickiness-basic of docs/metrics.md', async () => {
    const ex = metricsDocExample<StickinessQuery, StickinessResultDto>('stickiness-basic');
    expect(await run(ex.events, ex.query, { timeZone: ex.timeZone })).toEqual(ex.expected);
    expect(referenceStickiness(ex.events, ex.query, Number.MAX_SAFE_INTEGER, ex.timeZone ?? 'UTC')).toEqual(ex.expected);
  });

  it('counts local intervals: midnight boundaries, partial first and last intervals, DST days and hours', async () => {
    // Paris days: 2026-01-05 00:00 is 2026-01-04T23:00Z.
    const midnight = await run(
      [ev('1', 'p', '2026-01-04T23:00:00.000Z'), ev('2', 'p', '2026-01-05T22:59:59.999Z'), ev('3', 'q', '2026-01-05T22:59:59.999Z'), ev('4', 'q', '2026-01-05T23:00:00.000Z')],
      daily(),
      { timeZone: 'Europe/Paris' },
    );
    expect(midnight.totalIntervals).toBe(3);
    expect(persons(midnight.rows)).toEqual([1, 1, 0]);
    // Instant bounds inside days: the partial first and last days are intervals.
    const partial = await run([ev('1', 'p', '2026-01-05T18:00:00Z'), ev('2', 'p', '2026-01-07T05:00:00Z')], daily({ dateRange: { from: '2026-01-05T12:00:00Z', to: '2026-01-07T06:00:00Z' } }));
    expect(partial.totalIntervals).toBe(3);
    expect(persons(partial.rows)).toEqual([0, 1, 0]);
    // Paris, 2026-03-29: the local hour 02:00 does not exist (23 hourly intervals).
    const spring = await run(
      [ev('1', 'p', '2026-03-29T00:30:00Z'), ev('2', 'p', '2026-03-29T01:00:00Z'), ev('3', 'p', '2026-03-29T01:59:59.999Z')],
      daily({ interval: 'HOUR', dateRange: { from: '2026-03-29', to: '2026-03-29' } }),
      { timeZone: 'Europe/Paris' },
    );
    expect(spring.totalIntervals).toBe(23);
    expect(persons(spring.rows).slice(0, 3)).toEqual([0, 1, 0]); // 01:30 CET and 03:00/03:59 CEST: two intervals
    // New York, 2026-11-01: the local hour 01:00 happens twice and is one interval (24 intervals in a 25-hour day).
    const fall = await run(
      [ev('1', 'p', '2026-11-01T05:30:00Z'), ev('2', 'p', '2026-11-01T06:30:00Z')],
      daily({ interval: 'HOUR', dateRange: { from: '2026-11-01', to: '2026-11-01' } }),
      { timeZone: 'America/New_York' },
    );
    expect(fall.totalIntervals).toBe(24);
    expect(persons(fall.rows).slice(0, 2)).toEqual([1, 0]);
    // Weeks start on Monday in local time, also across the Paris DST week.
    const weeks = await run(
      [ev('1', 'p', '2026-03-22T22:59:59.999Z'), ev('2', 'p', '2026-03-22T23:00:00.000Z'), ev('3', 'p', '2026-03-29T21:59:59.999Z'), ev('4', 'q', '2026-03-29T22:00:00.000Z')],
      daily({ interval: 'WEEK', dateRange: { from: '2026-03-16', to: '2026-04-05' } }),
      { timeZone: 'Europe/Paris' },
    );
    expect(weeks.totalIntervals).toBe(3);
    expect(persons(weeks.rows)).toEqual([1, 1, 0]);
    const months = await run([ev('1', 'p', '2026-01-31T23:30:00Z'), ev('2', 'p', '2026-02-01T00:30:00Z')], daily({ interval: 'MONTH', dateRange: { from: '2026-01-15', to: '2026-03-02' } }), {
      timeZone: 'America/New_York',
    });
    expect(months.totalIntervals).toBe(3);
    expect(persons(months.rows)).toEqual([1, 0, 0]); // both events are on 2026-01-31 in New York
  });

  it('resolves merged persons as of the data version and ignores later events', async () => {
    const events = [
      ev('1', 'anon-x', '2026-01-05T10:00:00Z', { personId: 'user-y', personLinkSeq: 3, seq: 1 }),
      ev('2', 'user-y', '2026-01-06T10:00:00Z', { seq: 2 }),
      ev('3', 'user-y', '2026-01-07T10:00:00Z', { seq: 4 }),
    ];
    expect(persons((await run(events, daily(), { dataVersion: 2 })).rows)).toEqual([2, 0, 0]);
    expect(persons((await run(events, daily(), { dataVersion: 3 })).rows)).toEqual([0, 1, 0]);
    expect(persons((await run(events, daily(), { dataVersion: 4 })).rows)).toEqual([0, 0, 1]);
  });

  it('breaks down by value: a person counts under each value with that value’s intervals; top N by persons, the rest as other', async () => {
    const events = [
      ev('1', 'a', '2026-01-05T10:00:00Z', { properties: { plan: 'pro' } }),
      ev('2', 'a', '2026-01-06T10:00:00Z', { properties: { plan: 'free' } }),
      ev('3', 'a', '2026-01-07T10:00:00Z', { properties: { plan: 'pro' } }),
      ev('4', 'b', '2026-01-05T10:00:00Z', { properties: { plan: 'pro' } }),
      ev('5', 'c', '2026-01-05T10:00:00Z', { properties: {} }),
      ev('6', 'c', '2026-01-06T10:00:00Z', { properties: { plan: 3 } }),
      ev('7', 'c', '2026-01-06T11:00:00Z', { properties: { plan: 'free' } }),
    ];
    const result = await run(events, daily({ breakdown: { property: 'plan', limit: 2 } }));
    expect(persons(result.rows)).toEqual([1, 1, 1]);
    expect(result.breakdowns.map((b) => [b.value, b.other, persons(b.rows)])).toEqual([
      ['free', false, [2, 0, 0]], // a (Jan 6), c (Jan 6): 2 persons — ties with pro (2) broken by value
      ['pro', false, [1, 1, 0]], // a (Jan 5, 7), b (Jan 5)
      [null, true, [0, 1, 0]], // other = "3" and null: c on Jan 5 and Jan 6
    ]);
    expect(result.breakdowns[0]?.rows[0]?.percentage).toBe(100);
    const none = await run([], daily({ breakdown: { property: 'plan' } }));
    expect(none).toEqual({ totalIntervals: 3, rows: [1, 2, 3].map((x) => ({ intervals: x, persons: 0, percentage: 0 })), breakdowns: [] });
  });

  it('applies event and person filters', async () => {
    const events = [
      ev('1', 'a', '2026-01-05T10:00:00Z', { properties: { plan: 'pro', $set: { tier: 'gold' } } }),
      ev('2', 'a', '2026-01-06T10:00:00Z', { properties: { plan: 'free' } }),
      ev('3', 'b', '2026-01-05T10:00:00Z', { properties: { plan: 'pro' } }),
    ];
    expect(persons((await run(events, daily({ filters: [{ property: 'plan', operator: 'eq', value: 'pro' }] }))).rows)).toEqual([2, 0, 0]);
    expect(persons((await run(events, daily({ filters: [{ property: 'tier', operator: 'eq', value: 'gold', type: 'person' }] }))).rows)).toEqual([0, 1, 0]);
  });

  it('refuses invalid queries with VALIDATION_FAILED and the field', async () => {
    const p = await db.insert([ev('1', 'p', '2026-01-05T10:00:00Z')]);
    const refuse = async (query: StickinessQuery, field: string, timeZone = 'UTC') => {
      const error = await db.read((r) => runStickiness(r, db.scope(p, { timeZone }), query)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    };
    await refuse(daily({ event: '' }), 'query.event');
    await refuse(daily({ interval: 'YEAR' as StickinessQuery['interval'] }), 'query.interval');
    await refuse(daily({ filters: [{ property: 'plan', operator: 'in' }] }), 'query.filters[0]');
    await refuse(daily({ breakdown: { property: '' } }), 'query.breakdown.property');
    await refuse(daily({ interval: 'HOUR', dateRange: { from: '2026-01-01', to: '2026-12-31' } }), 'query.dateRange');
    await refuse(daily({ dateRange: { from: '2026-01-07T00:00:00Z', to: '2026-01-07T00:00:00Z' } }), 'query.dateRange');
    await refuse(daily(), 'timeZone', 'Nowhere/Special');
  });

  // -------------------------------------------------------------------------------------------
  // Property: the engine equals the brute-force reference on random logs and queries.

  const ZONES = ['UTC', 'Europe/Paris', 'America/New_York'] as const;
  /** Days around DST changes (New York 03-08 and 11-01, Paris 03-29 and 10-25) and a month end. */
  const ANCHORS = ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2026-01-31'] as const;
  const PERSONS = ['u1', 'u2', 'u3', 'anon-a', 'anon-b'] as const;

  const instant = (anchor: number, spanHours: number) =>
    fc
      .tuple(fc.integer({ min: -24, max: spanHours }), fc.constantFrom(0, 0, -1, 1, 30 * 60_000, 1_234_567))
      .map(([h, d]) => new Date(anchor + h * HOUR + d).toISOString());

  const caseArb = (dense: boolean) =>
    fc.constantFrom(...ANCHORS).chain((anchorDay) => {
      const anchor = Date.parse(`${anchorDay}T00:00:00Z`);
      const spanHours = dense ? 4 * 24 : 12 * 24;
      const linkSeq = fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined });
      const day = (d: number) => new Date(anchor + d * DAY).toISOString().slice(0, 10);
      const at = (h: number, d: number) => new Date(anchor + h * HOUR + d).toISOString();
      const range = fc.oneof(
        fc.tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: dense ? 4 : 12 })).map(([d, n]) => ({ from: day(d), to: day(d + n) })),
        fc
          .tuple(fc.integer({ min: -24, max: 48 }), fc.constantFrom(0, 1, -1), fc.integer({ min: 1, max: spanHours }), fc.constantFrom(0, 1, -1))
          .map(([h, d, n, e]) => ({ from: at(h, d), to: at(h + n, e) })),
      );
      const filters = dense
        ? fc.constant(undefined)
        : fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 4 },
            fc.constant<PropertyFilter[]>([{ property: 'plan', operator: 'neq', value: 'free' }]),
            fc.constant<PropertyFilter[]>([{ property: 'tier', operator: 'eq', value: 'gold', type: 'person' }]),
          );
      return fc.record({
        links: fc.record({ a: linkSeq, b: linkSeq }),
        pool: fc.array(instant(anchor, spanHours), { minLength: 1, maxLength: 5 }),
        raw: fc.array(
          fc.record({
            name: fc.constantFrom('view', 'view', 'view', 'other'),
            person: fc.constantFrom(...(dense ? PERSONS.slice(0, 3) : PERSONS)),
            at: fc.oneof(fc.nat({ max: 4 }).map((i) => ({ pooled: i })), ...[1, 2, 3].map(() => instant(anchor, spanHours).map((iso) => ({ iso })))),
            seq: fc.integer({ min: 1, max: 6 }),
            key: fc.nat({ max: 999 }),
            properties: fc.record({ plan: fc.constantFrom<unknown>('free', 'pro', 2, null), $set: fc.record({ tier: fc.constantFrom('gold', 'silver') }) }, { requiredKeys: [] }),
          }),
          { minLength: dense ? 15 : 0, maxLength: 60, size: 'max' },
        ),
        query: fc.record({
          interval: fc.constantFrom('HOUR', 'DAY', 'DAY', 'WEEK', 'MONTH' as const),
          range,
          filters,
          breakdown: fc.option(fc.record({ property: fc.constant('plan'), limit: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
        }),
        timeZone: fc.constantFrom(...ZONES),
        version: dense ? fc.constant(Number.MAX_SAFE_INTEGER) : fc.oneof({ arbitrary: fc.constant(Number.MAX_SAFE_INTEGER), weight: 3 }, fc.integer({ min: 1, max: 6 })),
      });
    });

  for (const [name, dense, numRuns] of [
    ['broad', false, 150],
    ['dense', true, 100],
  ] as const) {
    it(`equals the brute-force reference on random logs, queries, zones and versions (${name})`, async () => {
      let withRepeat = 0;
      await fc.assert(
        fc.asyncProperty(caseArb(dense), async (c) => {
          const events: TestEvent[] = c.raw.map((r, i) => {
            const link =
              r.person === 'anon-a' && c.links.a !== undefined
                ? { personId: 'u1', personLinkSeq: c.links.a }
                : r.person === 'anon-b' && c.links.b !== undefined
                  ? { personId: 'u2', personLinkSeq: c.links.b }
                  : {};
            const timestamp = 'iso' in r.at ? r.at.iso : (c.pool[r.at.pooled % c.pool.length] as string);
            return { id: `e${String(r.key).padStart(3, '0')}-${i}`, event: r.name, distinctId: r.person, timestamp, seq: r.seq, properties: r.properties, ...link };
          });
          const query: StickinessQuery = {
            event: 'view',
            interval: c.query.interval,
            dateRange: c.query.range,
            ...(c.query.filters ? { filters: c.query.filters } : {}),
            ...(c.query.breakdown ? { breakdown: c.query.breakdown } : {}),
          };
          const projectId = await db.insert(events);
          const actual = await db.read((r) => runStickiness(r, db.scope(projectId, { timeZone: c.timeZone, dataVersion: c.version }), query));
          expect(actual).toEqual(referenceStickiness(events, query, c.version, c.timeZone));
          if (actual.rows.some((row) => row.intervals > 1 && row.persons > 0)) withRepeat++;
        }),
        { numRuns },
      );
      // The generators must keep producing persons active in several intervals (about 40 % and 65 % of the runs).
      expect(withRepeat).toBeGreaterThan(numRuns / 8);
    }, 120_000);
  }
});
