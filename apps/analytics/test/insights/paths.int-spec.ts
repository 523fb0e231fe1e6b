import fc from 'fast-check';
import { DomainError, type PathsQuery, type PathsResultDto, type PropertyFilter } from '@fulcrum/contracts';
import { runPaths } from '../../src/insights/paths/paths.engine';
import { referencePaths } from './reference/paths.reference';
import { InsightTestDb, type TestEvent } from './support/insight-test-db';
import { metricsDocExample } from './support/metrics-doc.examples';

const DAY = { from: '2026-01-01', to: '2026-01-01' };

/** Events of one person at minute offsets from 2026-01-01T10:00Z, ids in array order. */
function seq(person: string, items: Array<[string, number]>, extra: Partial<TestEvent> = {}): TestEvent[] {
  return items.map(([event, minutes], i) => ({
    id: `${person}-${String(i).padStart(3, '0')}`,
    event,
    distinctId: person,
    timestamp: new Date(Date.parse('2026-01-01T10:00:00Z') + minutes * 60_000).toISOString(),
    ...extra,
  }));
}

describe('paths insight (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  const run = async (events: TestEvent[], query: PathsQuery, options: { dataVersion?: number; timeZone?: string } = {}): Promise<PathsResultDto> => {
    const p = await db.insert(events);
    return db.read((r) => runPaths(r, db.scope(p, options), query));
  };

  it('computes the worked example paths-basic of docs/metrics.md', async () => {
    const ex = metricsDocExample<PathsQuery, PathsResultDto>('paths-basic');
    expect(await run(ex.events, ex.query, { timeZone: ex.timeZone })).toEqual(ex.expected);
    // The PREVIOUS variant described in the prose.
    const prev = await run(ex.events, { ...ex.query, direction: 'PREVIOUS', depth: 1, fanout: 10 }, { timeZone: ex.timeZone });
    expect(prev).toEqual({
      anchor: { event: 'A', paths: 4, persons: 3 },
      edges: [
        { depth: 1, source: ['A'], target: 'C', paths: 1, persons: 1 },
        { depth: 1, source: ['A'], target: 'X', paths: 1, persons: 1 },
      ],
      truncated: false,
    });
  });

  it('follows NEXT and PREVIOUS, anchor first in the source', async () => {
    const events = seq('u1', [['home', 0], ['search', 1], ['view', 2], ['buy', 3]]);
    expect(await run(events, { event: 'view', depth: 2, direction: 'PREVIOUS', dateRange: DAY })).toEqual({
      anchor: { event: 'view', paths: 1, persons: 1 },
      edges: [
        { depth: 1, source: ['view'], target: 'search', paths: 1, persons: 1 },
        { depth: 2, source: ['view', 'search'], target: 'home', paths: 1, persons: 1 },
      ],
      truncated: false,
    });
    expect((await run(events, { event: 'view', depth: 3, dateRange: DAY })).edges).toEqual([
      { depth: 1, source: ['view'], target: 'buy', paths: 1, persons: 1 },
    ]);
  });

  it('keeps a gap of exactly the session gap in the session and cuts at 1 ms more', async () => {
    const t0 = Date.parse('2026-01-01T10:00:00Z');
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const events: TestEvent[] = [
      { id: 'a1', event: 'A', distinctId: 'u1', timestamp: at(0) },
      { id: 'a2', event: 'B', distinctId: 'u1', timestamp: at(60_000) }, // exactly 1 minute
      { id: 'a3', event: 'C', distinctId: 'u1', timestamp: at(120_001) }, // 1 minute + 1 ms after B
      { id: 'b1', event: 'A', distinctId: 'u2', timestamp: at(0) },
      { id: 'b2', event: 'C', distinctId: 'u2', timestamp: at(60_001) }, // 1 ms over
    ];
    const next = await run(events, { event: 'A', depth: 3, sessionGapMinutes: 1, dateRange: DAY });
    expect(next.anchor).toEqual({ event: 'A', paths: 2, persons: 2 });
    expect(next.edges).toEqual([{ depth: 1, source: ['A'], target: 'B', paths: 1, persons: 1 }]);
    const prev = await run(events, { event: 'C', depth: 3, direction: 'PREVIOUS', sessionGapMinutes: 1, dateRange: DAY });
    expect(prev).toEqual({ anchor: { event: 'C', paths: 2, persons: 2 }, edges: [], truncated: false });
  });

  it('orders events with the same timestamp by event id', async () => {
    const ts = '2026-01-01T10:00:00.000Z';
    const events: TestEvent[] = [
      { id: 'k3', event: 'C', distinctId: 'u1', timestamp: ts },
      { id: 'k1', event: 'A', distinctId: 'u1', timestamp: ts },
      { id: 'k2', event: 'B', distinctId: 'u1', timestamp: ts },
    ];
    expect((await run(events, { event: 'A', depth: 2, dateRange: DAY })).edges).toEqual([
      { depth: 1, source: ['A'], target: 'B', paths: 1, persons: 1 },
      { depth: 2, source: ['A', 'B'], target: 'C', paths: 1, persons: 1 },
    ]);
  });

  it('starts a path at every anchor occurrence and goes on past a repeated anchor (no collapsing)', async () => {
    const events = seq('u1', [['A', 0], ['B', 1], ['A', 2], ['C', 3], ['C', 4]]);
    const r = await run(events, { event: 'A', depth: 3, dateRange: DAY });
    expect(r.anchor).toEqual({ event: 'A', paths: 2, persons: 1 });
    expect(r.edges).toEqual([
      { depth: 1, source: ['A'], target: 'B', paths: 1, persons: 1 },
      { depth: 1, source: ['A'], target: 'C', paths: 1, persons: 1 },
      { depth: 2, source: ['A', 'B'], target: 'A', paths: 1, persons: 1 },
      { depth: 2, source: ['A', 'C'], target: 'C', paths: 1, persons: 1 },
      { depth: 3, source: ['A', 'B', 'A'], target: 'C', paths: 1, persons: 1 },
    ]);
  });

  it('keeps the top fanout targets per node (ties by name), expands only kept nodes, orders by source node', async () => {
    const events = [
      ...seq('u1', [['A', 0], ['Z', 1], ['Q', 2]]),
      ...seq('u2', [['A', 0], ['Z', 1], ['P', 2]]),
      ...seq('u3', [['A', 0], ['Z', 1], ['P', 2]]),
      ...seq('u4', [['A', 0], ['M', 1], ['Q', 2]]),
      ...seq('u5', [['A', 0], ['B', 1], ['Q', 2]]),
      ...seq('u6', [['A', 0], ['C', 1], ['X', 2]]),
    ];
    const all = await run(events, { event: 'A', depth: 2, dateRange: DAY });
    expect(all.truncated).toBe(false);
    expect(all.edges.map((e) => `${e.depth}:${e.source.join('>')}>${e.target}=${e.paths}`)).toEqual([
      '1:A>Z=3',
      '1:A>B=1',
      '1:A>C=1',
      '1:A>M=1',
      '2:A>Z>P=2',
      '2:A>Z>Q=1',
      '2:A>B>Q=1',
      '2:A>C>X=1',
      '2:A>M>Q=1',
    ]);
    const cut = await run(events, { event: 'A', depth: 2, fanout: 2, dateRange: DAY });
    expect(cut.truncated).toBe(true);
    expect(cut.edges.map((e) => `${e.depth}:${e.source.join('>')}>${e.target}=${e.paths}/${e.persons}`)).toEqual([
      '1:A>Z=3/3',
      '1:A>B=1/1',
      '2:A>Z>P=2/2',
      '2:A>Z>Q=1/1',
      '2:A>B>Q=1/1',
    ]);
    const one = await run(events, { event: 'A', depth: 2, fanout: 1, dateRange: DAY });
    expect(one.edges.map((e) => `${e.source.join('>')}>${e.target}`)).toEqual(['A>Z', 'A>Z>P']);
  });

  it('counts merged persons as of the data version', async () => {
    const events: TestEvent[] = [
      { id: 'm1', event: 'A', distinctId: 'anon-1', personId: 'user-1', personLinkSeq: 5, timestamp: '2026-01-01T10:00:00Z', seq: 1 },
      { id: 'm2', event: 'B', distinctId: 'anon-1', personId: 'user-1', personLinkSeq: 5, timestamp: '2026-01-01T10:01:00Z', seq: 1 },
      { id: 'm3', event: 'A', distinctId: 'user-1', timestamp: '2026-01-01T10:02:00Z', seq: 5 },
      { id: 'm4', event: 'B', distinctId: 'user-1', timestamp: '2026-01-01T10:03:00Z', seq: 5 },
    ];
    const before = await run(events, { event: 'A', depth: 1, dateRange: DAY }, { dataVersion: 4 });
    expect(before).toEqual({
      anchor: { event: 'A', paths: 1, persons: 1 },
      edges: [{ depth: 1, source: ['A'], target: 'B', paths: 1, persons: 1 }],
      truncated: false,
    });
    const after = await run(events, { event: 'A', depth: 3, dateRange: DAY }, { dataVersion: 5 });
    // One person now: anon-1's events and user-1's events form one session A B A B.
    expect(after.anchor).toEqual({ event: 'A', paths: 2, persons: 1 });
    expect(after.edges).toEqual([
      { depth: 1, source: ['A'], target: 'B', paths: 2, persons: 1 },
      { depth: 2, source: ['A', 'B'], target: 'A', paths: 1, persons: 1 },
      { depth: 3, source: ['A', 'B', 'A'], target: 'B', paths: 1, persons: 1 },
    ]);
  });

  it('returns an empty tree for an empty range or no anchor', async () => {
    const events = seq('u1', [['A', 0], ['B', 1]]);
    const empty = { anchor: { event: 'A', paths: 0, persons: 0 }, edges: [], truncated: false };
    expect(await run(events, { event: 'A', depth: 2, dateRange: { from: '2025-01-01', to: '2025-01-31' } })).toEqual(empty);
    expect(await run([], { event: 'A', depth: 2, dateRange: DAY })).toEqual(empty);
    expect(await run(events, { event: 'B', depth: 2, dateRange: DAY })).toEqual({ anchor: { event: 'B', paths: 1, persons: 1 }, edges: [], truncated: false });
  });

  it('applies filters to every event, anchorFilters to anchors only, and drops excluded events', async () => {
    const events: TestEvent[] = [
      { id: 'f1', event: 'A', distinctId: 'u1', timestamp: '2026-01-01T10:00:00Z', properties: { plan: 'pro' } },
      { id: 'f2', event: 'noise', distinctId: 'u1', timestamp: '2026-01-01T10:01:00Z', properties: { plan: 'pro' } },
      { id: 'f3', event: 'B', distinctId: 'u1', timestamp: '2026-01-01T10:02:00Z', properties: { plan: 'free' } },
      { id: 'f4', event: 'A', distinctId: 'u1', timestamp: '2026-01-01T10:03:00Z', properties: { plan: 'free' } },
      { id: 'f5', event: 'C', distinctId: 'u1', timestamp: '2026-01-01T10:04:00Z', properties: { plan: 'pro' } },
    ];
    const base = { event: 'A', depth: 2, dateRange: DAY };
    expect((await run(events, { ...base, excludeEvents: ['noise'] })).edges.map((e) => `${e.source.join('>')}>${e.target}`)).toEqual([
      'A>B',
      'A>C',
      'A>B>A',
    ]);
    const pro: PropertyFilter[] = [{ property: 'plan', operator: 'eq', value: 'pro' }];
    expect((await run(events, { ...base, filters: pro })).edges.map((e) => `${e.source.join('>')}>${e.target}`)).toEqual(['A>noise', 'A>noise>C']);
    const anchored = await run(events, { ...base, anchorFilters: [{ property: 'plan', operator: 'eq', value: 'free' }] });
    expect(anchored.anchor.paths).toBe(1);
    expect(anchored.edges.map((e) => `${e.source.join('>')}>${e.target}`)).toEqual(['A>C']);
    // A person filter: u2 has plan "pro" as a person property, u1 none.
    const people: TestEvent[] = [
      ...seq('u1', [['A', 0], ['B', 1]]),
      { id: 'p0', event: '$identify', distinctId: 'u2', timestamp: '2025-12-01T00:00:00Z', properties: { $set: { plan: 'pro' } } },
      ...seq('u2', [['A', 0], ['C', 1]]),
    ];
    const byPerson = await run(people, { ...base, filters: [{ property: 'plan', operator: 'eq', value: 'pro', type: 'person' }] });
    expect(byPerson.edges.map((e) => `${e.source.join('>')}>${e.target}`)).toEqual(['A>C']);
  });

  it('refuses bad queries with VALIDATION_FAILED naming the field', async () => {
    const p = await db.insert([]);
    const bad = async (query: unknown, field: string, timeZone = 'UTC') => {
      const error = await db.read((r) => runPaths(r, db.scope(p, { timeZone }), query as PathsQuery)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details?.['field']).toBe(field);
    };
    const ok = { event: 'A', depth: 2, dateRange: DAY };
    await bad({ ...ok, depth: 0 }, 'query.depth');
    await bad({ ...ok, depth: 11 }, 'query.depth');
    await bad({ ...ok, depth: 1.5 }, 'query.depth');
    await bad({ ...ok, event: '' }, 'query.event');
    await bad({ ...ok, direction: 'SIDEWAYS' }, 'query.direction');
    await bad({ ...ok, sessionGapMinutes: 0 }, 'query.sessionGapMinutes');
    await bad({ ...ok, sessionGapMinutes: 1441 }, 'query.sessionGapMinutes');
    await bad({ ...ok, sessionGapMinutes: 2.5 }, 'query.sessionGapMinutes');
    await bad({ ...ok, fanout: 0 }, 'query.fanout');
    await bad({ ...ok, fanout: 51 }, 'query.fanout');
    await bad({ ...ok, excludeEvents: ['B', 'A'] }, 'query.excludeEvents');
    await bad({ ...ok, dateRange: undefined }, 'query.dateRange');
    await bad({ ...ok, dateRange: { from: '2026-01-02', to: '2026-01-01' } }, 'query.dateRange');
    await bad({ ...ok, filters: [{ property: 'x', operator: 'eq' }] }, 'query.filters[0]');
    await bad({ ...ok, anchorFilters: [{ property: 'x', operator: 'gt', value: 'a' }] }, 'query.anchorFilters[0]');
    await bad(ok, 'timeZone', 'Mars/Olympus');
  });

  it('matches the brute-force reference on random logs (sessions, same timestamps, merges, DST, filters)', async () => {
    const NAMES = ['A', 'B', 'C', 'D'];
    const BASES = ['2026-03-08T05:30:00Z', '2026-03-29T00:30:00Z', '2026-10-25T00:30:00Z', '2026-11-01T05:30:00Z'];
    // Per person, a timeline of gaps that often land exactly on a session gap or 1 ms past it.
    const GAPS = [0, 0, 1, 30_000, 30_000, 60_000, 60_000, 60_001, 120_000, 120_001, 300_000, 300_001, 1_800_000, 1_800_001, 2_700_000];
    const eventArb = fc.record({
      event: fc.constantFrom(...NAMES),
      gap: fc.constantFrom(...GAPS),
      alias: fc.boolean(),
      seq: fc.constantFrom(1, 1, 1, 2, 4),
      idKey: fc.nat(99),
      plan: fc.constantFrom('pro', 'free', undefined),
    });
    const filterArb = fc.constantFrom<PropertyFilter[] | undefined>(
      undefined,
      undefined,
      undefined,
      [{ property: 'plan', operator: 'eq', value: 'pro' }],
      [{ property: 'plan', operator: 'is_set' }],
      [{ property: 'plan', operator: 'neq', value: 'free', type: 'person' }],
    );
    const arb = fc.record({
      base: fc.constantFrom(...BASES),
      persons: fc.array(fc.record({ linkSeq: fc.integer({ min: 1, max: 5 }), start: fc.integer({ min: 0, max: 20 }), events: fc.array(eventArb, { minLength: 2, maxLength: 15 }) }), {
        minLength: 1,
        maxLength: 4,
      }),
      anchor: fc.constantFrom(...NAMES),
      direction: fc.constantFrom<'NEXT' | 'PREVIOUS'>('NEXT', 'PREVIOUS'),
      depth: fc.integer({ min: 1, max: 4 }),
      fanout: fc.integer({ min: 1, max: 3 }),
      gap: fc.constantFrom(1, 2, 5, 30),
      exclude: fc.subarray(NAMES, { maxLength: 2 }),
      filters: filterArb,
      anchorFilters: filterArb,
      version: fc.constantFrom(1, 3, 5, 6, 6),
      timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'),
      range: fc.oneof(
        fc.record({ kind: fc.constant('days' as const), fromDay: fc.constantFrom(0, 0, -1), days: fc.constantFrom(0, 1, 1) }),
        fc.record({ kind: fc.constant('instants' as const), fromMin: fc.integer({ min: -10, max: 30 }), len: fc.integer({ min: 1, max: 400 }) }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const t0 = Date.parse(c.base);
        const events: TestEvent[] = [];
        c.persons.forEach((p, person) => {
          let t = t0 + p.start * 60_000;
          for (const e of p.events) {
            t += e.gap;
            const i = events.length;
            events.push({
              id: `id${String(e.idKey).padStart(2, '0')}-${i}`,
              event: e.event,
              // anon-p is merged into user-p from stream position linkSeq on.
              distinctId: e.alias ? `anon-${person}` : `user-${person}`,
              ...(e.alias ? { personId: `user-${person}`, personLinkSeq: p.linkSeq } : {}),
              timestamp: new Date(t).toISOString(),
              seq: e.seq,
              properties: e.plan === undefined ? {} : { plan: e.plan, ...(i % 5 === 0 ? { $set: { plan: e.plan } } : {}) },
            });
          }
        });
        const day = (offset: number) => new Date(t0 + offset * 86_400_000).toISOString().slice(0, 10);
        const dateRange =
          c.range.kind === 'days'
            ? { from: day(c.range.fromDay), to: day(c.range.fromDay + c.range.days) }
            : {
                from: new Date(t0 + c.range.fromMin * 60_000).toISOString(),
                to: new Date(t0 + (c.range.fromMin + c.range.len) * 60_000).toISOString(),
              };
        const query: PathsQuery = {
          event: c.anchor,
          direction: c.direction,
          depth: c.depth,
          fanout: c.fanout,
          sessionGapMinutes: c.gap,
          dateRange,
          excludeEvents: c.exclude.filter((n) => n !== c.anchor),
          ...(c.filters ? { filters: c.filters } : {}),
          ...(c.anchorFilters ? { anchorFilters: c.anchorFilters } : {}),
        };
        const actual = await run(events, query, { dataVersion: c.version, timeZone: c.timeZone });
        const expected = referencePaths(events, query, { version: c.version, timeZone: c.timeZone });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
