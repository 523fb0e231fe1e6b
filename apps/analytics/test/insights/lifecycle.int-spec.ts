import { DomainError, type LifecycleQuery, type LifecycleResultDto } from '@fulcrum/contracts';
import fc from 'fast-check';
import { runLifecycle } from '../../src/insights/lifecycle/lifecycle.engine';
import { referenceLifecycle } from './reference/lifecycle.reference';
import { type TestEvent, InsightTestDb } from './support/insight-test-db';
import { metricsDocExample } from './support/metrics-doc.examples';

describe('lifecycle insight (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  const lifecycle = async (events: TestEvent[], query: LifecycleQuery, options: { timeZone?: string; dataVersion?: number } = {}) => {
    const p = await db.insert(events);
    return db.read((r) => runLifecycle(r, db.scope(p, options), query));
  };
  const ev = (event: string, distinctId: string, timestamp: string, extra: Partial<TestEvent> = {}): TestEvent => ({ event, distinctId, timestamp, ...extra });
  const states = (r: LifecycleResultDto) => r.buckets.map((b) => [b.bucket.slice(0, 13), b.new, b.returning, b.resurrecting, b.dormant]);

  it('computes the worked example of the docs (lifecycle-basic)', async () => {
    const ex = metricsDocExample<LifecycleQuery, LifecycleResultDto>('lifecycle-basic');
    expect(await lifecycle(ex.events, ex.query, { timeZone: ex.timeZone })).toEqual(ex.expected);
  });

  it('uses the bucket before the range for the first bucket, and lists empty buckets with zeros', async () => {
    const r = await lifecycle(
      [
        ev('x', 'a', '2025-12-01T00:00:00Z'),
        ev('login', 'a', '2025-12-31T23:59:59.999Z'), // the day before the range
        ev('login', 'b', '2025-12-30T12:00:00Z'), // two days before: not the previous bucket
        ev('login', 'b', '2026-01-01T00:00:00Z'),
        ev('login', 'c', '2026-01-04T00:00:00Z'), // at `to`: outside
      ],
      { event: 'login', interval: 'DAY', dateRange: { from: '2026-01-01', to: '2026-01-03' } },
    );
    expect(states(r)).toEqual([
      ['2026-01-01T00', 0, 0, 1, -1], // b resurrects; a goes dormant
      ['2026-01-02T00', 0, 0, 0, -1], // b goes dormant
      ['2026-01-03T00', 0, 0, 0, 0],
    ]);
  });

  it('new only in the creation bucket: created by another event, active later = resurrecting', async () => {
    const r = await lifecycle(
      [ev('signup', 'a', '2026-01-01T10:00:00Z'), ev('login', 'a', '2026-01-02T10:00:00Z'), ev('login', 'b', '2026-01-02T11:00:00Z'), ev('login', 'b', '2026-01-03T11:00:00Z')],
      { event: 'login', interval: 'DAY', dateRange: { from: '2026-01-01', to: '2026-01-03' } },
    );
    expect(states(r)).toEqual([
      ['2026-01-01T00', 0, 0, 0, 0],
      ['2026-01-02T00', 1, 0, 1, 0],
      ['2026-01-03T00', 0, 1, 0, -1],
    ]);
  });

  it('filters select the activity, never the creation', async () => {
    const r = await lifecycle(
      [ev('login', 'a', '2026-01-01T10:00:00Z', { properties: { ok: false } }), ev('login', 'a', '2026-01-01T11:00:00Z', { properties: { ok: true } }), ev('login', 'b', '2026-01-01T10:00:00Z', { properties: { ok: false } }), ev('login', 'b', '2026-01-02T10:00:00Z', { properties: { ok: true } })],
      { event: 'login', filters: [{ property: 'ok', operator: 'eq', value: true }], interval: 'DAY', dateRange: { from: '2026-01-01', to: '2026-01-02' } },
    );
    expect(states(r)).toEqual([
      ['2026-01-01T00', 1, 0, 0, 0],
      ['2026-01-02T00', 0, 0, 1, -1], // b was created on 01-01 by a filtered-out login
    ]);
  });

  it('merged persons: creation is the earliest event over all their ids, as of the version', async () => {
    const events = [
      ev('view', 'anon-1', '2026-01-01T10:00:00Z', { personId: 'user-1', personLinkSeq: 5, seq: 1 }),
      ev('login', 'user-1', '2026-01-02T10:00:00Z', { seq: 5 }),
      ev('login', 'anon-1', '2026-01-03T10:00:00Z', { personId: 'user-1', personLinkSeq: 5, seq: 6 }),
    ];
    const q: LifecycleQuery = { event: 'login', interval: 'DAY', dateRange: { from: '2026-01-01', to: '2026-01-03' } };
    // Version 6: one person, created 01-01 (anonymous view), logs in on 01-02 and 01-03.
    expect(states(await lifecycle(events, q, { dataVersion: 6 }))).toEqual([
      ['2026-01-01T00', 0, 0, 0, 0],
      ['2026-01-02T00', 0, 0, 1, 0],
      ['2026-01-03T00', 0, 1, 0, 0],
    ]);
    // Version 4: only the anonymous view exists.
    expect(states(await lifecycle(events, q, { dataVersion: 4 }))).toEqual([
      ['2026-01-01T00', 0, 0, 0, 0],
      ['2026-01-02T00', 0, 0, 0, 0],
      ['2026-01-03T00', 0, 0, 0, 0],
    ]);
    // Version 5, link at 7 (not yet known): user-1 is its own person, new on 01-02.
    const later = events.map((e) => (e.personLinkSeq ? { ...e, personLinkSeq: 7 } : e));
    expect(states(await lifecycle(later, q, { dataVersion: 6 }))).toEqual([
      ['2026-01-01T00', 0, 0, 0, 0],
      ['2026-01-02T00', 1, 0, 0, 0],
      ['2026-01-03T00', 0, 0, 1, -1], // anon-1 (created 01-01) resurrects, user-1 goes dormant
    ]);
  });

  it('HOUR buckets across the DST change (Europe/Paris): the skipped hour is no bucket, so no false dormancy', async () => {
    const r = await lifecycle(
      [ev('e', 'a', '2026-03-29T00:30:00Z'), ev('e', 'a', '2026-03-29T01:30:00Z')], // 01:30 CET, then 03:30 CEST
      { event: 'e', interval: 'HOUR', dateRange: { from: '2026-03-29T00:00:00+01:00', to: '2026-03-29T04:00:00+02:00' } },
      { timeZone: 'Europe/Paris' },
    );
    expect(states(r)).toEqual([
      ['2026-03-29T00', 0, 0, 0, 0],
      ['2026-03-29T01', 1, 0, 0, 0],
      ['2026-03-29T03', 0, 1, 0, 0],
    ]);
  });

  it('HOUR buckets: the repeated hour (2026-10-25, Europe/Paris) starts at its first occurrence', async () => {
    // 00:00Z is 02:00 CEST, 01:00Z is 02:00 CET: the range lies inside the one bucket 02:00.
    const r = await lifecycle(
      [ev('e', 'a', '2026-10-25T00:00:00Z'), ev('e', 'b', '2026-10-24T23:59:59.999Z'), ev('e', 'b', '2026-10-25T01:10:00Z')],
      { event: 'e', interval: 'HOUR', dateRange: { from: '2026-10-25T00:00:00Z', to: '2026-10-25T01:30:00Z' } },
      { timeZone: 'Europe/Paris' },
    );
    expect(states(r)).toEqual([['2026-10-25T02', 1, 1, 0, 0]]); // b was active 01:00-01:59 local, the previous bucket
  });

  it('WEEK buckets: a range starting mid-week counts only its part of the first week; the week before is whole', async () => {
    // 2026-03-04 is a Wednesday; week buckets start on Mondays 03-02, 03-09; the previous one is 02-23.
    const r = await lifecycle(
      [ev('e', 'a', '2026-02-23T00:00:00Z'), ev('e', 'a', '2026-03-03T10:00:00Z'), ev('e', 'b', '2026-02-20T10:00:00Z'), ev('e', 'b', '2026-03-05T10:00:00Z'), ev('e', 'b', '2026-03-10T10:00:00Z')],
      { event: 'e', interval: 'WEEK', dateRange: { from: '2026-03-04', to: '2026-03-15' } },
    );
    expect(states(r)).toEqual([
      ['2026-03-02T00', 0, 0, 1, -1], // b resurrects (last seen 02-20); a's Tuesday is before `from`: dormant
      ['2026-03-09T00', 0, 1, 0, 0],
    ]);
  });

  it('refuses invalid queries', async () => {
    const base: LifecycleQuery = { event: 'e', interval: 'DAY', dateRange: { from: '2026-01-01', to: '2026-01-02' } };
    const cases: Array<[LifecycleQuery, string]> = [
      [{ ...base, event: '' }, 'query.event'],
      [{ ...base, interval: 'YEAR' as never }, 'query.interval'],
      [{ ...base, filters: [{ property: 'x', operator: 'contains', value: 3 }] }, 'query.filters[0]'],
      [{ ...base, dateRange: { from: '2026-01-03', to: '2026-01-02' } }, 'query.dateRange'],
      [{ ...base, interval: 'HOUR', dateRange: { from: '2026-01-01', to: '2026-12-31' } }, 'query.dateRange'],
    ];
    for (const [query, field] of cases) {
      const error = await lifecycle([], query).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    }
  });

  it('property: engine = brute-force reference on random logs', async () => {
    const anchors = ['2026-03-08T00:00:00Z', '2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-11-01T00:00:00Z', '2026-02-02T00:00:00Z'];
    const spanHours = { HOUR: 6, DAY: 24 * 5, WEEK: 24 * 7 * 4, MONTH: 24 * 75 } as const;
    const scenario = fc
      .record({
        timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'),
        anchor: fc.constantFrom(...anchors),
        interval: fc.constantFrom('HOUR', 'DAY', 'WEEK', 'MONTH') as fc.Arbitrary<'HOUR' | 'DAY' | 'WEEK' | 'MONTH'>,
        fromShiftH: fc.integer({ min: -30, max: 30 }),
        dateOnly: fc.boolean(),
        spanFrac: fc.double({ min: 0.05, max: 1, noNaN: true }),
        version: fc.constantFrom(1, 3, 4, 100, 100, 100),
        links: fc.record({ 'anon-1': fc.integer({ min: 1, max: 6 }), 'anon-2': fc.integer({ min: 1, max: 6 }) }),
        filter: fc.constantFrom('none', 'none', 'planPro', 'personPlan'),
        raw: fc.array(
          fc.record({
            event: fc.constantFrom('login', 'login', 'login', 'signup', 'view'),
            did: fc.constantFrom('u1', 'u2', 'u3', 'anon-1', 'anon-2', 'anon-3'),
            atFrac: fc.double({ min: -0.5, max: 1.1, noNaN: true }),
            edge: fc.constantFrom('none', 'none', 'none', 'from', 'to', 'hourStart', 'dup'),
            jitter: fc.constantFrom(0, 1, -1),
            seq: fc.integer({ min: 1, max: 5 }),
            plan: fc.constantFrom<unknown>('free', 'pro', undefined),
          }),
          { minLength: 1, maxLength: 60, size: 'max' },
        ),
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
          let t = Math.round(fromMs + r.atFrac * (toMs - fromMs));
          if (r.edge === 'from') t = fromMs;
          if (r.edge === 'to') t = toMs;
          if (r.edge === 'hourStart') t = Math.floor(t / 3_600_000) * 3_600_000;
          if (r.edge === 'dup') t = last;
          t += r.jitter;
          last = t;
          const link = s.links[r.did as 'anon-1' | 'anon-2'];
          return {
            id: `e${String(i).padStart(3, '0')}`,
            event: r.event,
            distinctId: r.did,
            timestamp: new Date(t).toISOString(),
            properties: r.event === 'signup' && r.plan !== undefined ? { $set: { plan: r.plan } } : r.plan !== undefined ? { plan: r.plan } : {},
            seq: r.seq,
            ...(link !== undefined ? { personId: r.did === 'anon-1' ? 'u1' : 'u2', personLinkSeq: link } : {}),
          };
        });
        const filters =
          s.filter === 'planPro'
            ? [{ property: 'plan', operator: 'eq' as const, value: 'pro' }]
            : s.filter === 'personPlan'
              ? [{ property: 'plan', operator: 'eq' as const, value: 'pro', type: 'person' as const }]
              : undefined;
        const query: LifecycleQuery = { event: 'login', interval: s.interval, dateRange: { from, to }, ...(filters ? { filters } : {}) };
        return { events, query, timeZone: s.timeZone, version: s.version };
      });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ events, query, timeZone, version }) => {
        const got = await lifecycle(events, query, { timeZone, dataVersion: version });
        const want = referenceLifecycle(events, query, version, timeZone);
        if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`engine ≠ reference\n${JSON.stringify({ got, want })}`);
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
