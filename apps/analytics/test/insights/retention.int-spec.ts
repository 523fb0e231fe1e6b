import { DomainError, type PropertyFilter, type RetentionQuery, type RetentionResultDto } from '@fulcrum/contracts';
import fc from 'fast-check';
import { runRetention } from '../../src/insights/retention/retention.engine';
import { referenceRetention } from './reference/retention.reference';
import { InsightTestDb, type TestEvent } from './support/insight-test-db';
import { metricsDocExample } from './support/metrics-doc.examples';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Shorthand: an event with an id, a stream position and optional properties. */
function ev(id: string, event: string, distinctId: string, timestamp: string, more: Partial<TestEvent> = {}): TestEvent {
  return { id, event, distinctId, timestamp, ...more };
}

/** The (period, persons) pairs of each cohort, compact for hand-written expectations. */
function table(result: RetentionResultDto['cohorts']): Array<[string, number, number[]]> {
  return result.map((c) => [c.cohort, c.size, c.values.map((v) => v.persons)]);
}

const weekly = (over: Partial<RetentionQuery> = {}): RetentionQuery => ({
  startEvent: { event: 'signup' },
  returnEvent: { event: 'login' },
  period: 'WEEK',
  periods: 3,
  dateRange: { from: '2026-01-05', to: '2026-01-25' },
  ...over,
});

describe('retention insight (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  const run = async (events: TestEvent[], query: RetentionQuery, options: { timeZone?: string; dataVersion?: number } = {}): Promise<RetentionResultDto> => {
    const projectId = await db.insert(events);
    return db.read((r) => runRetention(r, db.scope(projectId, options), query));
  };

  it('answers the worked example retention-basic of docs/metrics.md', async () => {
    const ex = metricsDocExample<RetentionQuery, RetentionResultDto>('retention-basic');
    expect(await run(ex.events, ex.query, { timeZone: ex.timeZone })).toEqual(ex.expected);
    expect(referenceRetention(ex.events, ex.query, Number.MAX_SAFE_INTEGER, ex.timeZone ?? 'UTC')).toEqual(ex.expected);
  });

  it('puts a person in the cohort of their first start event (FIRST_TIME) or of every period with one (RECURRING)', async () => {
    const events = [
      ev('1', 'signup', 'p1', '2026-01-05T10:00:00Z'),
      ev('2', 'signup', 'p1', '2026-01-13T10:00:00Z'),
      ev('3', 'login', 'p1', '2026-01-14T10:00:00Z'),
      ev('4', 'login', 'p1', '2026-01-20T10:00:00Z'),
      ev('5', 'signup', 'p2', '2026-01-12T10:00:00Z'),
      ev('6', 'login', 'p2', '2026-01-19T10:00:00Z'),
    ];
    expect(table((await run(events, weekly())).cohorts)).toEqual([
      ['2026-01-05T00:00:00', 1, [1, 1, 1]],
      ['2026-01-12T00:00:00', 1, [1, 1]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
    expect(table((await run(events, weekly({ cohortType: 'RECURRING' }))).cohorts)).toEqual([
      ['2026-01-05T00:00:00', 1, [1, 1, 1]],
      ['2026-01-12T00:00:00', 2, [2, 2]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
  });

  it('counts returns in exactly period k (ON) or in k or later (ON_OR_AFTER), with percentages of the cohort', async () => {
    const events = [
      ev('1', 'signup', 'p3', '2026-01-05T10:00:00Z'),
      ev('2', 'login', 'p3', '2026-01-21T10:00:00Z'),
      ev('3', 'signup', 'p4', '2026-01-06T10:00:00Z'),
      ev('4', 'login', 'p4', '2026-01-12T00:00:00Z'),
    ];
    const on = await run(events, weekly());
    expect(on.cohorts[0]).toEqual({
      cohort: '2026-01-05T00:00:00',
      size: 2,
      values: [
        { period: 0, persons: 2, percentage: 100 },
        { period: 1, persons: 1, percentage: 50 },
        { period: 2, persons: 1, percentage: 50 },
      ],
    });
    const after = await run(events, weekly({ mode: 'ON_OR_AFTER' }));
    expect(after.cohorts[0]?.values.map((v) => v.persons)).toEqual([2, 2, 1]);
    expect(after.cohorts[1]).toEqual({ cohort: '2026-01-12T00:00:00', size: 0, values: [{ period: 0, persons: 0, percentage: 0 }, { period: 1, persons: 0, percentage: 0 }] });
  });

  it('puts an event exactly at local midnight in the new period and 1 ms before in the previous one', async () => {
    const events = [
      ev('1', 'signup', 'p', '2026-01-04T23:00:00.000Z'), // 2026-01-05 00:00 in Paris: inside the range
      ev('2', 'login', 'p', '2026-01-05T22:59:59.999Z'), // 2026-01-05 23:59:59.999: still period 0
      ev('3', 'signup', 'q', '2026-01-04T22:59:59.999Z'), // 2026-01-04: first signup before the range
      ev('4', 'signup', 'q', '2026-01-05T10:00:00.000Z'),
      ev('5', 'signup', 'r', '2026-01-05T12:00:00.000Z'),
      ev('6', 'login', 'r', '2026-01-05T23:00:00.000Z'), // 2026-01-06 00:00: period 1
    ];
    const result = await run(events, weekly({ period: 'DAY', periods: 2, dateRange: { from: '2026-01-05', to: '2026-01-06' } }), { timeZone: 'Europe/Paris' });
    expect(table(result.cohorts)).toEqual([
      ['2026-01-05T00:00:00', 2, [2, 1]],
      ['2026-01-06T00:00:00', 0, [0]],
    ]);
  });

  it('uses local weeks and days across DST changes (Europe/Paris, America/New_York)', async () => {
    // Paris: the week of Monday 2026-03-23 runs from 2026-03-22T23:00Z (CET) to 2026-03-29T22:00Z (CEST).
    const paris = [
      ev('1', 'signup', 'q', '2026-03-22T22:59:59.999Z'), // Sunday 03-22 23:59:59.999: week of 03-16
      ev('2', 'login', 'q', '2026-03-22T23:00:00.000Z'), // Monday 03-23 00:00: week of 03-23
      ev('3', 'signup', 'p', '2026-03-22T23:00:00.000Z'),
      ev('4', 'login', 'p', '2026-03-29T21:59:59.999Z'), // Sunday 03-29 23:59:59.999 CEST: still week of 03-23
      ev('5', 'login', 'p', '2026-03-29T22:00:00.000Z'), // Monday 03-30 00:00 CEST
    ];
    const weeks = await run(paris, weekly({ dateRange: { from: '2026-03-16', to: '2026-04-05' } }), { timeZone: 'Europe/Paris' });
    expect(table(weeks.cohorts)).toEqual([
      ['2026-03-16T00:00:00', 1, [1, 1, 0]],
      ['2026-03-23T00:00:00', 1, [1, 1]],
      ['2026-03-30T00:00:00', 0, [0]],
    ]);
    // New York: 2026-11-01 lasts 25 hours (EDT → EST at 06:00Z).
    const ny = [
      ev('1', 'signup', 'p', '2026-10-31T12:00:00Z'),
      ev('2', 'login', 'p', '2026-11-02T04:30:00Z'), // 11-01 23:30 EST
      ev('3', 'signup', 'q', '2026-11-01T04:30:00Z'), // 11-01 00:30 EDT
      ev('4', 'login', 'q', '2026-11-02T05:00:00Z'), // 11-02 00:00 EST
    ];
    const days = await run(ny, weekly({ period: 'DAY', dateRange: { from: '2026-10-31', to: '2026-11-02' } }), { timeZone: 'America/New_York' });
    expect(table(days.cohorts)).toEqual([
      ['2026-10-31T00:00:00', 1, [1, 1, 0]],
      ['2026-11-01T00:00:00', 1, [1, 1]],
      ['2026-11-02T00:00:00', 0, [0]],
    ]);
  });

  it('resolves merged persons as of the data version (below and above the link position)', async () => {
    const events = [
      ev('1', 'signup', 'anon-x', '2026-01-05T10:00:00Z', { personId: 'user-y', personLinkSeq: 5, seq: 1 }),
      ev('2', 'signup', 'user-y', '2026-01-13T10:00:00Z', { seq: 2 }),
      ev('3', 'login', 'user-y', '2026-01-14T10:00:00Z', { seq: 3 }),
    ];
    // Version 4: anon-x is its own person (cohort Jan 5, no return); user-y has cohort Jan 12.
    expect(table((await run(events, weekly(), { dataVersion: 4 })).cohorts)).toEqual([
      ['2026-01-05T00:00:00', 1, [1, 0, 0]],
      ['2026-01-12T00:00:00', 1, [1, 0]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
    // Version 5: one person, whose first signup is Jan 5, back in week 1.
    expect(table((await run(events, weekly(), { dataVersion: 5 })).cohorts)).toEqual([
      ['2026-01-05T00:00:00', 1, [1, 1, 0]],
      ['2026-01-12T00:00:00', 0, [0, 0]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
    // Version 1: the later events are not known yet.
    expect(table((await run(events, weekly(), { dataVersion: 1 })).cohorts)).toEqual([
      ['2026-01-05T00:00:00', 1, [1, 0, 0]],
      ['2026-01-12T00:00:00', 0, [0, 0]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
  });

  it('handles start and return events at the same timestamp, and the same event as start and return', async () => {
    const t = '2026-01-12T00:00:00.000Z';
    const events = [
      // Two start events at the same instant: the first by event id ("a" < "b") carries the breakdown value.
      ev('b', 'signup', 'p', t, { properties: { plan: 'pro' } }),
      ev('a', 'signup', 'p', t, { properties: { plan: 'free' } }),
      ev('c', 'login', 'p', t),
      ev('d', 'open', 'q', '2026-01-05T08:00:00Z'),
      ev('e', 'open', 'q', '2026-01-05T08:00:00Z'),
      ev('f', 'open', 'q', '2026-01-19T08:00:00Z'),
    ];
    const split = await run(events, weekly({ breakdown: { property: 'plan' } }));
    expect(table(split.cohorts)).toEqual([
      ['2026-01-05T00:00:00', 0, [0, 0, 0]],
      ['2026-01-12T00:00:00', 1, [1, 0]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
    expect(split.breakdowns.map((b) => [b.value, b.other, b.cohorts[1]?.size])).toEqual([['free', false, 1]]);
    const same = await run(events, weekly({ startEvent: { event: 'open' }, returnEvent: { event: 'open' }, mode: 'ON' }));
    expect(table(same.cohorts)).toEqual([
      ['2026-01-05T00:00:00', 1, [1, 0, 1]],
      ['2026-01-12T00:00:00', 0, [0, 0]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
  });

  it('lists every cohort with zeros for a range without events', async () => {
    const result = await run([ev('1', 'signup', 'p', '2025-06-01T00:00:00Z')], weekly({ breakdown: { property: 'plan' } }));
    expect(table(result.cohorts)).toEqual([
      ['2026-01-05T00:00:00', 0, [0, 0, 0]],
      ['2026-01-12T00:00:00', 0, [0, 0]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
    expect(result.cohorts[0]?.values.every((v) => v.percentage === 0)).toBe(true);
    expect(result.breakdowns).toEqual([]);
  });

  it('breaks down by the cohort-defining start event: top N by summed cohort size, ties by value (null last), the rest as other', async () => {
    const events = [
      ev('1', 'signup', 'a', '2026-01-05T10:00:00Z', { properties: { plan: 'pro' } }),
      ev('2', 'login', 'a', '2026-01-12T10:00:00Z'),
      ev('3', 'signup', 'b', '2026-01-13T10:00:00Z', { properties: { plan: 'pro' } }),
      ev('4', 'signup', 'c', '2026-01-06T10:00:00Z', { properties: { plan: 'free' } }),
      ev('5', 'login', 'c', '2026-01-13T10:00:00Z'),
      ev('6', 'signup', 'd', '2026-01-07T10:00:00Z', { properties: { plan: null } }),
      ev('7', 'signup', 'd', '2026-01-14T10:00:00Z', { properties: { plan: 'team' } }), // not cohort-defining (FIRST_TIME)
    ];
    const top1 = await run(events, weekly({ breakdown: { property: 'plan', limit: 1 } }));
    expect(top1.breakdowns.map((b) => [b.value, b.other, table(b.cohorts)])).toEqual([
      ['pro', false, [['2026-01-05T00:00:00', 1, [1, 1, 0]], ['2026-01-12T00:00:00', 1, [1, 0]], ['2026-01-19T00:00:00', 0, [0]]]],
      [null, true, [['2026-01-05T00:00:00', 2, [2, 1, 0]], ['2026-01-12T00:00:00', 0, [0, 0]], ['2026-01-19T00:00:00', 0, [0]]]],
    ]);
    expect(table(top1.cohorts)).toEqual([
      ['2026-01-05T00:00:00', 3, [3, 2, 0]],
      ['2026-01-12T00:00:00', 1, [1, 0]],
      ['2026-01-19T00:00:00', 0, [0]],
    ]);
    const top3 = await run(events, weekly({ breakdown: { property: 'plan', limit: 3 } }));
    expect(top3.breakdowns.map((b) => [b.value, b.other])).toEqual([['pro', false], ['free', false], [null, false]]);
    const recurring = await run(events, weekly({ cohortType: 'RECURRING', breakdown: { property: 'plan', limit: 2 } }));
    // Memberships: pro ×2, then free, team and null once each (ties by value, null last): other holds team and null.
    expect(recurring.breakdowns.map((b) => [b.value, b.other, b.cohorts.map((c) => c.size)])).toEqual([
      ['pro', false, [1, 1, 0]],
      ['free', false, [1, 0, 0]],
      [null, true, [1, 1, 0]],
    ]);
  });

  it('refuses invalid queries with VALIDATION_FAILED and the field', async () => {
    const p = await db.insert([ev('1', 'signup', 'p', '2026-01-05T10:00:00Z')]);
    const refuse = async (query: RetentionQuery, field: string, timeZone = 'UTC') => {
      const error = await db.read((r) => runRetention(r, db.scope(p, { timeZone }), query)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    };
    await refuse(weekly({ periods: 0 }), 'query.periods');
    await refuse(weekly({ periods: 61 }), 'query.periods');
    await refuse(weekly({ periods: 2.5 }), 'query.periods');
    await refuse(weekly({ period: 'HOUR' as RetentionQuery['period'] }), 'query.period');
    await refuse(weekly({ cohortType: 'ALL' as RetentionQuery['cohortType'] }), 'query.cohortType');
    await refuse(weekly({ mode: 'BEFORE' as RetentionQuery['mode'] }), 'query.mode');
    await refuse(weekly({ startEvent: { event: '' } }), 'query.startEvent.event');
    await refuse(weekly({ returnEvent: { event: 'login', filters: [{ property: 'n', operator: 'gt', value: 'x' }] } }), 'query.returnEvent.filters[0]');
    await refuse(weekly({ filters: [{ property: 'n', operator: 'is_set', value: 1 } as PropertyFilter] }), 'query.filters[0]');
    await refuse(weekly({ breakdown: { property: 'plan', limit: 0 } }), 'query.breakdown.limit');
    await refuse(weekly({ period: 'DAY', dateRange: { from: '2000-01-01', to: '2020-01-01' } }), 'query.dateRange');
    await refuse(weekly({ dateRange: { from: '2026-01-25', to: '2026-01-05' } }), 'query.dateRange');
    await refuse(weekly(), 'timeZone', 'Mars/Olympus');
  });

  // -------------------------------------------------------------------------------------------
  // Property: the engine equals the brute-force reference on random logs and queries.

  const ZONES = ['UTC', 'Europe/Paris', 'America/New_York'] as const;
  /** Days around DST changes (New York 03-08 and 11-01, Paris 03-29 and 10-25) and a month end. */
  const ANCHORS = ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2026-01-31'] as const;

  /**
   * How random logs and queries are drawn. `broad` varies everything (persons, versions, filters);
   * `dense` has few persons, many events and no filters, so that most cohorts have returns.
   */
  interface Profile {
    persons: readonly string[];
    /** Event instants: anchor + [0, spanDays) (whole hours ± 1 ms, or in between). */
    firstDay: number;
    spanDays: number;
    minEvents: number;
    /** Range start (days from the anchor) and length (days). */
    rangeFrom: [number, number];
    rangeDays: [number, number];
    filters: boolean;
    versions: boolean;
  }
  const BROAD: Profile = {
    persons: ['u1', 'u2', 'u3', 'anon-a', 'anon-b', 'anon-c'],
    firstDay: -2,
    spanDays: 16,
    minEvents: 0,
    rangeFrom: [-3, 3],
    rangeDays: [0, 20],
    filters: true,
    versions: true,
  };
  const DENSE: Profile = {
    persons: ['u1', 'u2', 'anon-a'],
    firstDay: 0,
    spanDays: 12,
    minEvents: 20,
    rangeFrom: [-1, 1],
    rangeDays: [6, 14],
    filters: false,
    versions: false,
  };

  const instant = (anchor: number, p: Profile) =>
    fc
      .tuple(fc.integer({ min: p.firstDay * 24, max: (p.firstDay + p.spanDays) * 24 - 1 }), fc.constantFrom(0, 0, -1, 1, 30 * 60_000, 1_234_567))
      .map(([h, d]) => new Date(anchor + h * HOUR + d).toISOString());

  const propertiesArb = fc.record(
    { plan: fc.constantFrom<unknown>('free', 'pro', 1, true, null), $set: fc.record({ tier: fc.constantFrom('gold', 'silver') }) },
    { requiredKeys: [] },
  );

  interface RawEvent {
    name: string;
    person: string;
    at: { pooled: number } | { iso: string };
    seq: number;
    key: number;
    properties: Record<string, unknown>;
  }
  interface Log {
    anchor: number;
    links: { a: number | undefined; b: number | undefined };
    pool: string[];
    raw: RawEvent[];
  }

  const logArb = (p: Profile): fc.Arbitrary<Log> =>
    fc.constantFrom(...ANCHORS).chain((anchorDay) => {
      const anchor = Date.parse(`${anchorDay}T00:00:00Z`);
      const linkSeq = fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined });
      return fc.record({
        anchor: fc.constant(anchor),
        links: fc.record({ a: linkSeq, b: linkSeq }),
        pool: fc.array(instant(anchor, p), { minLength: 1, maxLength: 6 }),
        raw: fc.array(
          fc.record({
            name: fc.constantFrom('signup', 'signup', 'login', 'login', 'other'),
            person: fc.constantFrom(...p.persons),
            // A quarter of the events reuse a pooled instant, so that equal timestamps are frequent.
            at: fc.oneof(fc.nat({ max: 5 }).map((i) => ({ pooled: i })), ...[1, 2, 3].map(() => instant(anchor, p).map((iso) => ({ iso })))),
            seq: fc.integer({ min: 1, max: 6 }),
            key: fc.nat({ max: 999 }),
            properties: propertiesArb,
          }),
          { minLength: p.minEvents, maxLength: 60, size: 'max' },
        ),
      });
    });

  /** anon-a / anon-b are linked to u1 / u2 at the log's link positions (when set). */
  function toEvents(log: Log): TestEvent[] {
    return log.raw.map((r, i) => {
      const timestamp = 'iso' in r.at ? r.at.iso : (log.pool[r.at.pooled % log.pool.length] as string);
      const link =
        r.person === 'anon-a' && log.links.a !== undefined
          ? { personId: 'u1', personLinkSeq: log.links.a }
          : r.person === 'anon-b' && log.links.b !== undefined
            ? { personId: 'u2', personLinkSeq: log.links.b }
            : {};
      // Ids in random order relative to time (unique by the index suffix): ties at equal timestamps are decided by id.
      return { id: `e${String(r.key).padStart(3, '0')}-${i}`, event: r.name, distinctId: r.person, timestamp, seq: r.seq, properties: r.properties, ...link };
    });
  }

  const filterArb = (p: Profile): fc.Arbitrary<PropertyFilter[] | undefined> =>
    p.filters
      ? fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 12 },
          fc.constant<PropertyFilter[]>([{ property: 'plan', operator: 'eq', value: 'pro' }]),
          fc.constant<PropertyFilter[]>([{ property: 'plan', operator: 'neq', value: 'free' }]),
          fc.constant<PropertyFilter[]>([{ property: 'tier', operator: 'eq', value: 'gold', type: 'person' }]),
        )
      : fc.constant(undefined);

  /** Date-only bounds, instant bounds (whole hours ± 1 ms: exactly on or next to local midnights), or a mix; always from < to. */
  const rangeArb = (anchor: number, p: Profile): fc.Arbitrary<{ from: string; to: string }> => {
    const day = (d: number) => new Date(anchor + d * DAY).toISOString().slice(0, 10);
    const at = (h: number, d: number) => new Date(anchor + h * HOUR + d).toISOString();
    const [f0, f1] = p.rangeFrom;
    const [n0, n1] = p.rangeDays;
    return fc.oneof(
      fc.tuple(fc.integer({ min: f0, max: f1 }), fc.integer({ min: n0, max: n1 })).map(([d, n]) => ({ from: day(d), to: day(d + n) })),
      fc
        .tuple(fc.integer({ min: f0 * 24, max: f1 * 24 }), fc.constantFrom(0, 1, -1), fc.integer({ min: Math.max(1, n0 * 24), max: n1 * 24 }), fc.constantFrom(0, 1, -1))
        .map(([h, d, n, e]) => ({ from: at(h, d), to: at(h + n, e) })),
      fc.tuple(fc.integer({ min: f0, max: f1 }), fc.integer({ min: Math.max(2, n0) * 24, max: Math.max(2, n1) * 24 })).map(([d, n]) => ({ from: day(d), to: at(d * 24 + n, 0) })),
    );
  };

  const queryArb = (anchor: number, p: Profile): fc.Arbitrary<RetentionQuery> =>
    fc
      .record({
        period: fc.constantFrom('DAY', 'DAY', 'WEEK', 'WEEK', 'MONTH' as const),
        periods: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 6 })),
        cohortType: fc.constantFrom(undefined, 'FIRST_TIME', 'RECURRING' as const),
        mode: fc.constantFrom(undefined, 'ON', 'ON_OR_AFTER' as const),
        start: fc.constantFrom('signup', 'login'),
        ret: fc.constantFrom('login', 'signup'),
        startFilters: filterArb(p),
        returnFilters: filterArb(p),
        filters: filterArb(p),
        breakdown: fc.option(fc.record({ property: fc.constant('plan'), limit: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
        dateRange: rangeArb(anchor, p),
      })
      .map((q) => ({
        startEvent: { event: q.start, ...(q.startFilters ? { filters: q.startFilters } : {}) },
        returnEvent: { event: q.ret, ...(q.returnFilters ? { filters: q.returnFilters } : {}) },
        period: q.period,
        periods: q.periods,
        ...(q.cohortType ? { cohortType: q.cohortType } : {}),
        ...(q.mode ? { mode: q.mode } : {}),
        ...(q.filters ? { filters: q.filters } : {}),
        ...(q.breakdown ? { breakdown: q.breakdown } : {}),
        dateRange: q.dateRange,
      }));

  const caseArb = (p: Profile) =>
    logArb(p).chain((log) =>
      fc.record({
        log: fc.constant(log),
        query: queryArb(log.anchor, p),
        timeZone: fc.constantFrom(...ZONES),
        version: p.versions ? fc.oneof({ arbitrary: fc.constant(Number.MAX_SAFE_INTEGER), weight: 3 }, fc.integer({ min: 1, max: 6 })) : fc.constant(Number.MAX_SAFE_INTEGER),
      }),
    );

  for (const [name, profile, numRuns] of [
    ['broad', BROAD, 200],
    ['dense', DENSE, 100],
  ] as const) {
    it(`equals the brute-force reference on random logs, queries, zones and versions (${name})`, async () => {
      const seen = { withMembers: 0, withReturns: 0 };
      await fc.assert(
        fc.asyncProperty(caseArb(profile), async ({ log, query, timeZone, version }) => {
          const events = toEvents(log);
          const projectId = await db.insert(events);
          const actual = await db.read((r) => runRetention(r, db.scope(projectId, { timeZone, dataVersion: version }), query));
          expect(actual).toEqual(referenceRetention(events, query, version, timeZone));
          if (actual.cohorts.some((c) => c.size > 0)) seen.withMembers++;
          if (actual.cohorts.some((c) => c.values.some((v) => v.period > 0 && v.persons > 0))) seen.withReturns++;
        }),
        { numRuns },
      );
      // The generators must keep producing interesting cases (about 20 % and 45 % have returns).
      expect(seen.withMembers).toBeGreaterThan(numRuns / 4);
      expect(seen.withReturns).toBeGreaterThan(numRuns / 20);
    }, 120_000);
  }
});
