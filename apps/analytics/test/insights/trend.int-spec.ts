import { DomainError, type TrendQuery, type TrendResultDto } from '@fulcrum/contracts';
import fc from 'fast-check';
import { SqlParams } from '../../src/insights/core/sql-params';
import { loadCalendarBuckets } from '../../src/insights/core/calendar-buckets.sql';
import { runTrend } from '../../src/insights/trend/trend.engine';
import { loadUtcOffsets, localMicrosSql } from '../../src/insights/core/utc-offsets.sql';
import { referenceTrend } from './reference/trend.reference';
import { type TestEvent, InsightTestDb } from './support/insight-test-db';
import { metricsDocExample } from './support/metrics-doc.examples';

describe('trend insight (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  const trend = async (events: TestEvent[], query: TrendQuery, options: { timeZone?: string; dataVersion?: number } = {}) => {
    const p = await db.insert(events);
    return db.read((r) => runTrend(r, db.scope(p, options), query));
  };
  const day = (from: string, to: string) => ({ from, to });
  const ev = (event: string, distinctId: string, timestamp: string, properties: Record<string, unknown> = {}, extra: Partial<TestEvent> = {}): TestEvent => ({
    event,
    distinctId,
    timestamp,
    properties,
    ...extra,
  });

  it('computes the worked example of the docs (trend-basic)', async () => {
    const ex = metricsDocExample<TrendQuery, TrendResultDto>('trend-basic');
    expect(await trend(ex.events, ex.query, { timeZone: ex.timeZone })).toEqual(ex.expected);
  });

  describe('maths', () => {
    const events = [
      ev('buy', 'u1', '2026-01-01T10:00:00Z', { amount: 10 }),
      ev('buy', 'u1', '2026-01-01T11:00:00Z', { amount: 5 }),
      ev('buy', 'u2', '2026-01-01T12:00:00Z', { amount: 2.5 }),
      ev('buy', 'u2', '2026-01-01T13:00:00Z', { amount: '7' }), // a numeric string is not a number
      ev('buy', 'u3', '2026-01-03T09:00:00Z', { amount: 1 }),
      ev('buy', 'u3', '2026-01-03T09:00:00Z', { amount: null }),
      ev('view', 'u4', '2026-01-03T09:00:00Z', { amount: 100 }),
    ];
    const run = (math: NonNullable<TrendQuery['series'][number]['math']>, mathProperty?: string) =>
      trend(events, { series: [{ event: 'buy', math, ...(mathProperty ? { mathProperty } : {}) }], interval: 'DAY', dateRange: day('2026-01-01', '2026-01-03') });

    it.each([
      ['TOTAL', undefined, [4, 0, 2], 6, null],
      ['UNIQUE_PERSONS', undefined, [2, 0, 1], 3, null],
      ['SUM', 'amount', [17.5, 0, 1], 18.5, 2],
      ['AVG', 'amount', [17.5 / 3, null, 1], 18.5 / 4, 2],
      ['MIN', 'amount', [2.5, null, 1], 1, 2],
      ['MAX', 'amount', [10, null, 1], 10, 2],
      ['MEDIAN', 'amount', [5, null, 1], 3.75, 2],
    ] as const)('%s per bucket, over the range, with empty buckets', async (math, prop, data, total, nonNumeric) => {
      const r = await run(math, prop);
      expect(r.buckets).toEqual(['2026-01-01T00:00:00', '2026-01-02T00:00:00', '2026-01-03T00:00:00']);
      expect(r.series).toHaveLength(1);
      const s = r.series[0];
      expect(s?.math).toBe(math);
      s?.data.forEach((v, i) => (data[i] === null ? expect(v).toBeNull() : expect(v).toBeCloseTo(data[i] as number, 9)));
      expect(s?.total).toBeCloseTo(total, 9);
      expect(s?.nonNumericEvents).toBe(nonNumeric);
    });

    it('answers several series in order, with labels and event null = every event', async () => {
      const r = await trend(events, {
        series: [
          { event: null, label: 'all' },
          { event: 'view', math: 'UNIQUE_PERSONS' },
          { event: 'nothing' },
          { event: 'buy', math: 'AVG', mathProperty: 'missing' },
        ],
        interval: 'DAY',
        dateRange: day('2026-01-01', '2026-01-02'),
      });
      expect(r.series.map((s) => [s.index, s.event, s.label, s.data, s.total, s.nonNumericEvents])).toEqual([
        [0, null, 'all', [4, 0], 4, null],
        [1, 'view', null, [0, 0], 0, null],
        [2, 'nothing', null, [0, 0], 0, null],
        [3, 'buy', null, [null, null], null, 4],
      ]);
    });

    it('filters: query filters AND series filters, event and person properties', async () => {
      const r = await trend(
        [
          ev('$identify', 'u1', '2026-01-01T00:00:00Z', { plan: 'pro' }),
          ev('buy', 'u1', '2026-01-01T10:00:00Z', { amount: 10, country: 'FR' }),
          ev('buy', 'u2', '2026-01-01T10:00:00Z', { amount: 20, country: 'FR' }),
          ev('buy', 'u1', '2026-01-01T10:00:00Z', { amount: 30, country: 'DE' }),
        ],
        {
          series: [{ event: 'buy', math: 'SUM', mathProperty: 'amount', filters: [{ property: 'plan', operator: 'eq', value: 'pro', type: 'person' }] }, { event: 'buy' }],
          filters: [{ property: 'country', operator: 'eq', value: 'FR' }],
          interval: 'DAY',
          dateRange: day('2026-01-01', '2026-01-01'),
        },
      );
      expect(r.series.map((s) => s.data)).toEqual([[10], [2]]);
    });
  });

  describe('buckets', () => {
    it('HOUR buckets in Europe/Paris skip the hour clocks jump over (2026-03-29)', async () => {
      const r = await trend(
        [ev('e', 'u', '2026-03-29T00:30:00Z'), ev('e', 'u', '2026-03-29T01:00:00Z'), ev('e', 'u', '2026-03-29T01:59:59.999Z')],
        { series: [{ event: 'e' }], interval: 'HOUR', dateRange: day('2026-03-29T00:00:00+01:00', '2026-03-29T05:00:00+02:00') },
        { timeZone: 'Europe/Paris' },
      );
      expect(r.buckets).toEqual(['2026-03-29T00:00:00', '2026-03-29T01:00:00', '2026-03-29T03:00:00', '2026-03-29T04:00:00']);
      expect(r.series[0]?.data).toEqual([0, 1, 2, 0]);
    });

    it('HOUR buckets in Europe/Paris: the repeated hour (2026-10-25) is one bucket of two real hours', async () => {
      const r = await trend(
        [ev('e', 'u1', '2026-10-25T00:30:00Z'), ev('e', 'u2', '2026-10-25T01:30:00Z'), ev('e', 'u2', '2026-10-25T02:00:00Z')],
        { series: [{ event: 'e', math: 'UNIQUE_PERSONS' }], interval: 'HOUR', dateRange: day('2026-10-25T00:00:00+02:00', '2026-10-25T04:00:00+01:00') },
        { timeZone: 'Europe/Paris' },
      );
      expect(r.buckets).toEqual(['2026-10-25T00:00:00', '2026-10-25T01:00:00', '2026-10-25T02:00:00', '2026-10-25T03:00:00']);
      expect(r.series[0]?.data).toEqual([0, 0, 2, 1]);
    });

    it('DAY buckets across DST are local days of 23 and 25 hours (America/New_York)', async () => {
      const r = await trend(
        [ev('e', 'u', '2026-03-08T04:59:59Z'), ev('e', 'u', '2026-03-08T05:00:00Z'), ev('e', 'u', '2026-03-09T03:59:59.999Z'), ev('e', 'u', '2026-03-09T04:00:00Z')],
        { series: [{ event: 'e' }], interval: 'DAY', dateRange: day('2026-03-07', '2026-03-09') },
        { timeZone: 'America/New_York' },
      );
      expect(r.series[0]?.data).toEqual([1, 2, 1]);
    });

    it('WEEK buckets start on Monday; a range starting mid-week lists that week with the range part only', async () => {
      // 2026-03-01 is a Sunday.
      const r = await trend(
        [ev('e', 'u', '2026-02-28T12:00:00Z'), ev('e', 'u', '2026-03-01T12:00:00Z'), ev('e', 'u', '2026-03-02T00:00:00Z'), ev('e', 'u', '2026-03-15T23:59:59Z')],
        { series: [{ event: 'e' }], interval: 'WEEK', dateRange: day('2026-03-01', '2026-03-15') },
      );
      expect(r.buckets).toEqual(['2026-02-23T00:00:00', '2026-03-02T00:00:00', '2026-03-09T00:00:00']);
      expect(r.series[0]?.data).toEqual([1, 1, 1]);
    });

    it('MONTH buckets', async () => {
      const r = await trend(
        [ev('e', 'u', '2026-01-31T23:30:00Z'), ev('e', 'u', '2026-02-28T23:30:00Z'), ev('e', 'u', '2026-03-10T10:00:00Z')],
        { series: [{ event: 'e' }], interval: 'MONTH', dateRange: day('2026-01-15', '2026-03-10') },
        { timeZone: 'Europe/Paris' },
      );
      // Local: Feb 1st 00:30, Mar 1st 00:30, Mar 10th.
      expect(r.buckets).toEqual(['2026-01-01T00:00:00', '2026-02-01T00:00:00', '2026-03-01T00:00:00']);
      expect(r.series[0]?.data).toEqual([0, 1, 2]);
    });

    it('an empty project gives every bucket with zeros (null for AVG)', async () => {
      const r = await trend([], { series: [{ event: 'e' }, { event: 'e', math: 'AVG', mathProperty: 'x' }, { event: 'e', math: 'MAU' }], interval: 'DAY', dateRange: day('2026-01-01', '2026-01-02') });
      expect(r).toEqual({
        buckets: ['2026-01-01T00:00:00', '2026-01-02T00:00:00'],
        series: [
          { index: 0, event: 'e', math: 'TOTAL', label: null, breakdown: null, data: [0, 0], total: 0, nonNumericEvents: null },
          { index: 1, event: 'e', math: 'AVG', label: null, breakdown: null, data: [null, null], total: null, nonNumericEvents: 0 },
          { index: 2, event: 'e', math: 'MAU', label: null, breakdown: null, data: [0, 0], total: null, nonNumericEvents: null },
        ],
      });
    });

    it('lists the calendar buckets of long ranges and refuses more than 5000', async () => {
      await db.read(async (r) => {
        const b = await loadCalendarBuckets(r, 'Europe/Paris', { from: '2025-12-31T23:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }, 'DAY');
        expect(b.labels).toHaveLength(366); // 2026, plus the first hour of 2027-01-01 local
        expect(b.previous.label).toBe('2025-12-31T00:00:00');
        const h = await loadCalendarBuckets(r, 'Europe/Paris', { from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' }, 'HOUR');
        expect(h.labels).toHaveLength(181 * 24); // 181 × 24 + 1 wall-clock hours, less the one skipped on 2026-03-29
      });
      await expect(
        trend([], { series: [{ event: 'e' }], interval: 'HOUR', dateRange: day('2026-01-01', '2026-12-31') }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'query.dateRange' } });
    });
  });

  describe('rolling active persons', () => {
    it('WAU and MAU look back before `from` and never past `to`', async () => {
      const r = await trend(
        [
          ev('e', 'a', '2025-12-03T10:00:00Z'), // 29 days before Jan 1st: in Jan 1st's MAU window
          ev('e', 'b', '2025-12-02T23:59:59Z'), // 30 days before: in no window
          ev('e', 'c', '2025-12-26T00:00:00Z'), // Jan 1st's WAU window starts Dec 26th
          ev('e', 'd', '2025-12-25T23:59:59.999Z'),
          ev('e', 'e', '2026-01-02T10:00:00Z'),
          ev('e', 'f', '2026-01-03T00:00:00Z'), // at `to`: never counts
        ],
        {
          series: [{ event: 'e', math: 'DAU' }, { event: 'e', math: 'WAU' }, { event: 'e', math: 'MAU' }],
          interval: 'DAY',
          dateRange: day('2026-01-01', '2026-01-02'),
        },
      );
      expect(r.series.map((s) => s.data)).toEqual([
        [0, 1], // e
        [1, 1], // c; then e (c's day left the window)
        [3, 3], // a, c, d; then c, d, e (a's day left the window)
      ]);
      expect(r.series.map((s) => s.total)).toEqual([null, null, null]);
    });

    it('WEEK and MONTH buckets: the window ends with the bucket last day (or the end of the range)', async () => {
      const events = [ev('e', 'a', '2026-03-02T10:00:00Z'), ev('e', 'b', '2026-03-08T10:00:00Z'), ev('e', 'c', '2026-03-11T10:00:00Z'), ev('e', 'd', '2026-03-31T10:00:00Z')];
      const weekly = await trend(events, { series: [{ event: 'e', math: 'DAU' }, { event: 'e', math: 'WAU' }], interval: 'WEEK', dateRange: day('2026-03-02', '2026-03-11') });
      expect(weekly.buckets).toEqual(['2026-03-02T00:00:00', '2026-03-09T00:00:00']);
      // Week 1 ends Sunday 03-08 (b); week 2 is cut at 03-11 (c), its 7 days are 03-05..03-11.
      expect(weekly.series.map((s) => s.data)).toEqual([
        [1, 1],
        [2, 2],
      ]);
      const monthly = await trend(events, { series: [{ event: 'e', math: 'WAU' }], interval: 'MONTH', dateRange: day('2026-02-01', '2026-03-31') });
      expect(monthly.series[0]?.data).toEqual([0, 1]); // March: its last 7 days (03-25..03-31): d
    });

    it('rolling maths are refused with HOUR buckets', async () => {
      await expect(trend([], { series: [{ event: 'e', math: 'WAU' }], interval: 'HOUR', dateRange: day('2026-01-01', '2026-01-01') })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'query.series[0].math' },
      });
    });
  });

  it('counts persons as of the data version (merged ids)', async () => {
    const events = [
      ev('e', 'anon-1', '2026-01-01T10:00:00Z', {}, { personId: 'user-1', personLinkSeq: 5, seq: 1 }),
      ev('e', 'user-1', '2026-01-01T11:00:00Z', {}, { seq: 5 }),
      ev('e', 'anon-2', '2026-01-02T11:00:00Z', {}, { personId: 'user-1', personLinkSeq: 7, seq: 6 }),
    ];
    const q: TrendQuery = { series: [{ event: 'e', math: 'UNIQUE_PERSONS' }, { event: 'e', math: 'WAU' }], interval: 'DAY', dateRange: day('2026-01-01', '2026-01-02') };
    const at = async (v: number) => (await trend(events, q, { dataVersion: v })).series.map((s) => [s.data, s.total]);
    expect(await at(4)).toEqual([
      [[1, 0], 1],
      [[1, 1], null],
    ]);
    expect(await at(5)).toEqual([
      [[1, 0], 1],
      [[1, 1], null],
    ]);
    expect(await at(6)).toEqual([
      [[1, 1], 2],
      [[1, 2], null],
    ]);
    expect(await at(7)).toEqual([
      [[1, 1], 1],
      [[1, 1], null],
    ]);
  });

  it('breaks down by an event property: top N by events, ties by value, null value, other last', async () => {
    const events = [
      ...['b', 'b', 'a', 'a', 'c'].map((v, i) => ev('e', `u${i}`, '2026-01-01T10:00:00Z', { k: v })),
      ev('e', 'u9', '2026-01-01T10:00:00Z', {}),
      ev('e', 'u9', '2026-01-02T10:00:00Z', { k: null }),
      ev('e', 'u8', '2026-01-02T10:00:00Z', { k: 3 }),
      ev('e', 'u8', '2026-01-02T11:00:00Z', { k: true }),
    ];
    const r = await trend(events, {
      series: [{ event: 'e', math: 'UNIQUE_PERSONS' }],
      interval: 'DAY',
      dateRange: day('2026-01-01', '2026-01-02'),
      breakdown: { property: 'k', limit: 3 },
    });
    expect(r.series.map((s) => [s.breakdown, s.data, s.total])).toEqual([
      [{ value: 'a', other: false }, [2, 0], 2],
      [{ value: 'b', other: false }, [2, 0], 2],
      [{ value: null, other: false }, [1, 1], 1],
      [{ value: null, other: true }, [1, 1], 2], // c (u4), 3 and true (u8)
    ]);
    const noOther = await trend(events, { series: [{ event: 'e' }], interval: 'DAY', dateRange: day('2026-01-01', '2026-01-02'), breakdown: { property: 'k' } });
    expect(noOther.series.map((s) => [s.breakdown?.value, s.total])).toEqual([
      ['a', 2],
      ['b', 2],
      [null, 2],
      ['3', 1],
      ['c', 1],
      ['true', 1],
    ]);
    const none = await trend(events, { series: [{ event: 'x' }], interval: 'DAY', dateRange: day('2026-01-01', '2026-01-02'), breakdown: { property: 'k' } });
    expect(none.series).toEqual([]);
  });

  it('refuses invalid queries with VALIDATION_FAILED and the field', async () => {
    const base: TrendQuery = { series: [{ event: 'e' }], interval: 'DAY', dateRange: day('2026-01-01', '2026-01-02') };
    const cases: Array<[TrendQuery, string]> = [
      [{ ...base, series: [] }, 'query.series'],
      [{ ...base, series: Array.from({ length: 11 }, () => ({ event: 'e' })) }, 'query.series'],
      [{ ...base, series: [{ event: 'e', math: 'SUM' }] }, 'query.series[0].mathProperty'],
      [{ ...base, series: [{ event: 'e', math: 'TOTAL', mathProperty: 'x' }] }, 'query.series[0].mathProperty'],
      [{ ...base, series: [{ event: '' }] }, 'query.series[0].event'],
      [{ ...base, series: [{ event: 'e', math: 'P99' as never }] }, 'query.series[0].math'],
      [{ ...base, interval: 'YEAR' as never }, 'query.interval'],
      [{ ...base, breakdown: { property: 'k', limit: 0 } }, 'query.breakdown.limit'],
      [{ ...base, filters: [{ property: 'x', operator: 'gt', value: 'a' }] }, 'query.filters[0]'],
      [{ ...base, series: [{ event: 'e', filters: [{ property: 'x', operator: 'is_set', value: 1 }] }] }, 'query.series[0].filters[0]'],
      [{ ...base, dateRange: day('2026-01-02', '2026-01-01') }, 'query.dateRange'],
      [{ ...base, dateRange: day('2026-13-01', '2026-01-01') }, 'query.dateRange.from'],
    ];
    for (const [query, field] of cases) {
      const error = await trend([], query).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    }
    await expect(trend([], base, { timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('local time from UTC offsets equals ICU conversion, across DST and odd offsets', async () => {
    for (const timeZone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', 'UTC']) {
      await db.read(async (r) => {
        const fromUs = Date.parse('2025-12-25T00:00:00Z') * 1000;
        const toUs = Date.parse('2026-11-10T00:00:00Z') * 1000;
        const offsets = await loadUtcOffsets(r, timeZone, fromUs, toUs);
        const params = new SqlParams();
        const local = localMicrosSql('x', offsets, params);
        const tz = params.addTyped(timeZone, 'VARCHAR');
        const rows = await r.rows(
          `SELECT count(*) FILTER (WHERE make_timestamp(${local}) <> timezone(${tz}, make_timestamptz(x))) AS bad, count(*) AS n
           FROM (SELECT ${fromUs} + i * 600000000 + (i % 7) - 3 AS x FROM range(0, ${Math.floor((toUs - fromUs) / 600_000_000)}) t(i))`,
          params.values,
        );
        expect([timeZone, Number(rows[0]?.['bad'])]).toEqual([timeZone, 0]);
        expect(Number(rows[0]?.['n'])).toBeGreaterThan(40_000);
      });
    }
  });

  describe('property: engine = brute-force reference', () => {
    const zones = ['UTC', 'Europe/Paris', 'America/New_York'];
    const anchors = ['2026-03-08T00:00:00Z', '2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-11-01T00:00:00Z', '2026-02-01T00:00:00Z'];
    const spanHours = { HOUR: 30, DAY: 24 * 12, WEEK: 24 * 7 * 5, MONTH: 24 * 75 } as const;
    const distinctIds = ['u1', 'u2', 'u3', 'anon-1', 'anon-2', 'anon-3'];

    const scenario = fc
      .record({
        timeZone: fc.constantFrom(...zones),
        anchor: fc.constantFrom(...anchors),
        interval: fc.constantFrom('HOUR', 'DAY', 'WEEK', 'MONTH') as fc.Arbitrary<'HOUR' | 'DAY' | 'WEEK' | 'MONTH'>,
        fromShiftH: fc.integer({ min: -30, max: 30 }),
        dateOnly: fc.boolean(),
        spanFrac: fc.double({ min: 0.05, max: 1, noNaN: true }),
        version: fc.constantFrom(1, 3, 4, 100, 100, 100),
        links: fc.record({ 'anon-1': fc.integer({ min: 1, max: 6 }), 'anon-2': fc.integer({ min: 1, max: 6 }) }),
        raw: fc.array(
          fc.record({
            event: fc.constantFrom('view', 'buy', 'click'),
            did: fc.constantFrom(...distinctIds),
            atFrac: fc.double({ min: -0.6, max: 1.2, noNaN: true }),
            edge: fc.constantFrom('none', 'none', 'from', 'to', 'toMinus1', 'hourStart', 'dup'),
            jitter: fc.constantFrom(0, 1, -1),
            seq: fc.integer({ min: 1, max: 5 }),
            plan: fc.constantFrom<unknown>('free', 'pro', 'pro', null, undefined, 3, true),
            amount: fc.constantFrom<unknown>(1, 2.5, 10, -4, 0, '7', null, undefined, 1e6, 0.1),
          }),
          { minLength: 1, maxLength: 50, size: 'max' },
        ),
        series: fc.array(
          fc.record({
            event: fc.constantFrom<string | null>('view', 'buy', null),
            math: fc.constantFrom('TOTAL', 'UNIQUE_PERSONS', 'DAU', 'WAU', 'MAU', 'SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN') as fc.Arbitrary<NonNullable<TrendQuery['series'][number]['math']>>,
            filter: fc.constantFrom('none', 'none', 'planPro', 'personPlan', 'amountGt'),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        breakdown: fc.constantFrom<undefined | { property: string; limit?: number }>(undefined, undefined, { property: 'plan', limit: 2 }, { property: 'plan' }, { property: 'amount', limit: 1 }),
        globalFilter: fc.constantFrom('none', 'none', 'notClick'),
      })
      .map((s) => {
        const span = spanHours[s.interval] * 3_600_000;
        const anchorMs = Date.parse(s.anchor) + s.fromShiftH * 3_600_000;
        let from = new Date(anchorMs).toISOString();
        let to = new Date(anchorMs + Math.max(3_600_000, Math.round((span * s.spanFrac) / 60_000) * 60_000)).toISOString();
        if (s.dateOnly && s.interval !== 'HOUR') {
          from = from.slice(0, 10);
          to = to.slice(0, 10) < from ? from : to.slice(0, 10);
        }
        const fromMs = Date.parse(from.length === 10 ? `${from}T00:00:00Z` : from);
        const toMs = Date.parse(to.length === 10 ? `${to}T23:59:59.999Z` : to);
        let last = fromMs;
        const events: TestEvent[] = s.raw.map((r, i) => {
          let t = Math.round(fromMs + r.atFrac * (toMs - fromMs + 35 * 86_400_000 * (r.atFrac < 0 ? 1 : 0)));
          if (r.edge === 'from') t = fromMs;
          if (r.edge === 'to') t = toMs + 1;
          if (r.edge === 'toMinus1') t = toMs;
          if (r.edge === 'hourStart') t = Math.floor(t / 3_600_000) * 3_600_000;
          if (r.edge === 'dup') t = last;
          t += r.jitter;
          last = t;
          const properties: Record<string, unknown> = {};
          if (r.plan !== undefined) properties['plan'] = r.plan;
          if (r.amount !== undefined) properties['amount'] = r.amount;
          if (r.event === 'click' && i % 4 === 0) properties['$set'] = { plan: r.plan === 'pro' ? 'pro' : 'free' };
          const link = s.links[r.did as 'anon-1' | 'anon-2'];
          return {
            id: `e${String(i).padStart(3, '0')}`,
            event: r.event,
            distinctId: r.did,
            timestamp: new Date(t).toISOString(),
            properties,
            seq: r.seq,
            ...(link !== undefined ? { personId: r.did === 'anon-1' ? 'u1' : 'u2', personLinkSeq: link } : {}),
          };
        });
        const filterOf = (f: string) =>
          f === 'planPro'
            ? [{ property: 'plan', operator: 'eq' as const, value: 'pro' }]
            : f === 'personPlan'
              ? [{ property: 'plan', operator: 'eq' as const, value: 'pro', type: 'person' as const }]
              : f === 'amountGt'
                ? [{ property: 'amount', operator: 'gt' as const, value: 1 }]
                : undefined;
        const interval = s.interval;
        const query: TrendQuery = {
          series: s.series.map((x) => {
            const math = interval === 'HOUR' && ['DAU', 'WAU', 'MAU'].includes(x.math) ? 'UNIQUE_PERSONS' : x.math;
            const needsProp = ['SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN'].includes(math);
            const filters = filterOf(x.filter);
            return { event: x.event, math, ...(needsProp ? { mathProperty: 'amount' } : {}), ...(filters ? { filters } : {}) };
          }),
          interval,
          dateRange: { from, to },
          ...(s.globalFilter === 'notClick' ? { filters: [{ property: 'plan', operator: 'neq' as const, value: 'free' }] } : {}),
          ...(s.breakdown ? { breakdown: s.breakdown } : {}),
        };
        return { events, query, timeZone: s.timeZone, version: s.version };
      });

    const close = (a: number | null | undefined, b: number | null | undefined) =>
      a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

    const sameResult = (got: TrendResultDto, want: TrendResultDto): boolean => {
      if (JSON.stringify(got.buckets) !== JSON.stringify(want.buckets) || got.series.length !== want.series.length) return false;
      return got.series.every((g, i) => {
        const w = want.series[i];
        if (!w) return false;
        const { data: gd, total: gt, ...gRest } = g;
        const { data: wd, total: wt, ...wRest } = w;
        return JSON.stringify(gRest) === JSON.stringify(wRest) && close(gt, wt) && gd.length === wd.length && gd.every((x, j) => close(x, wd[j]));
      });
    };

    it('matches on random logs (DST, window edges, merged persons, filters, breakdowns)', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ events, query, timeZone, version }) => {
          const got = await trend(events, query, { timeZone, dataVersion: version });
          const want = referenceTrend(events, query, version, timeZone);
          if (!sameResult(got, want)) {
            throw new Error(`engine ≠ reference\n${JSON.stringify({ got, want }, null, 1)}`);
          }
        }),
        { numRuns: 150 },
      );
    }, 120_000);
  });
});
