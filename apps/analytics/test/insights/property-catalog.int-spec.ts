import fc from 'fast-check';
import { DomainError, type PropertyCatalogQuery, type PropertyCatalogResultDto } from '@fulcrum/contracts';
import { runPropertyCatalog } from '../../src/insights/property-catalog/property-catalog.engine';
import { referencePropertyCatalog } from './reference/property-catalog.reference';
import { InsightTestDb, type TestEvent } from './support/insight-test-db';
import { metricsDocExample } from './support/metrics-doc.examples';

describe('event and property catalog (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  const run = async (
    events: TestEvent[],
    query: PropertyCatalogQuery,
    options: { dataVersion?: number; timeZone?: string } = {},
  ): Promise<PropertyCatalogResultDto> => {
    const p = await db.insert(events);
    return db.read((r) => runPropertyCatalog(r, db.scope(p, options), query));
  };

  const ev = (id: string, event: string, timestamp: string, properties: Record<string, unknown>, distinctId = 'u1'): TestEvent => ({
    id,
    event,
    distinctId,
    timestamp,
    properties,
  });

  it('computes the worked example catalog-basic of docs/metrics.md', async () => {
    const ex = metricsDocExample<PropertyCatalogQuery, PropertyCatalogResultDto>('catalog-basic');
    expect(await run(ex.events, ex.query, { timeZone: ex.timeZone })).toEqual(ex.expected);
    // The variant described in the prose: limit 4 cuts `trial`.
    const cut = await run(ex.events, { ...ex.query, limit: 4 });
    expect(cut.properties.map((p) => p.key)).toEqual(['plan', 'seats', 'ref', 'tags']);
    expect(cut.truncated).toBe(true);
  });

  it('orders events and properties by frequency or by name', async () => {
    const events = [
      ev('1', 'b', '2026-01-01T00:00:00Z', { y: 1, x: 1 }),
      ev('2', 'b', '2026-01-01T00:00:01Z', { y: 1 }),
      ev('3', 'a', '2026-01-01T00:00:02Z', { z: 1 }),
      ev('4', 'c', '2026-01-01T00:00:03Z', { x: 1 }),
      ev('5', 'c', '2026-01-01T00:00:04Z', { z: 1 }),
    ];
    const freq = await run(events, {});
    expect(freq.events.map((e) => `${e.name}:${e.count}`)).toEqual(['b:2', 'c:2', 'a:1']);
    expect(freq.properties.map((p) => `${p.key}:${p.count}`)).toEqual(['x:2', 'y:2', 'z:2']);
    const byName = await run(events, { order: 'NAME', limit: 2 });
    expect(byName.events.map((e) => e.name)).toEqual(['a', 'b', 'c']);
    expect(byName.properties.map((p) => p.key)).toEqual(['x', 'y']);
    expect(byName.truncated).toBe(true);
    expect(freq.totalEvents).toBe(5);
  });

  it('reports every value type with counts, and top values by text form (ties by value)', async () => {
    const events = [
      ev('1', 'e', '2026-01-01T00:00:00Z', { v: 'b', w: 1.5, 'a.b': { n: 1 } }),
      ev('2', 'e', '2026-01-01T00:00:00Z', { v: 'a', w: 2, 'a.b': [1] }),
      ev('3', 'e', '2026-01-01T00:00:00Z', { v: 10, w: false, 'a.b': null }),
      ev('4', 'e', '2026-01-01T00:00:00Z', { v: '10', w: false, '': 'empty key' }),
      ev('5', 'e', '2026-01-01T00:00:00Z', { v: true, 'k"q': 'quote' }),
    ];
    const r = await run(events, { topValues: 3 });
    const byKey = Object.fromEntries(r.properties.map((p) => [p.key, p]));
    expect(byKey['v']).toEqual({
      key: 'v',
      count: 5,
      types: [
        { type: 'STRING', count: 3 },
        { type: 'BOOLEAN', count: 1 },
        { type: 'NUMBER', count: 1 },
      ],
      topValues: [
        { value: '10', count: 2 },
        { value: 'a', count: 1 },
        { value: 'b', count: 1 },
      ],
    });
    expect(byKey['w']?.types).toEqual([
      { type: 'BOOLEAN', count: 2 },
      { type: 'NUMBER', count: 2 },
    ]);
    expect(byKey['w']?.topValues).toEqual([
      { value: 'false', count: 2 },
      { value: '1.5', count: 1 },
      { value: '2', count: 1 },
    ]);
    expect(byKey['a.b']).toEqual({
      key: 'a.b',
      count: 3,
      types: [
        { type: 'ARRAY', count: 1 },
        { type: 'NULL', count: 1 },
        { type: 'OBJECT', count: 1 },
      ],
      topValues: [],
    });
    expect(byKey['']?.topValues).toEqual([{ value: 'empty key', count: 1 }]);
    expect(byKey['k"q']?.topValues).toEqual([{ value: 'quote', count: 1 }]);
    expect((await run(events, { topValues: 0 })).properties.every((p) => p.topValues.length === 0)).toBe(true);
  });

  it('counts an event whose properties are not an object, without keys', async () => {
    const odd = { ...ev('9', 'e', '2026-01-01T00:00:00Z', {}), properties: [1, 2] as unknown as Record<string, unknown> };
    const r = await run([odd, ev('8', 'e', '2026-01-01T00:00:00Z', { a: 1 })], {});
    expect(r.totalEvents).toBe(2);
    expect(r.properties.map((p) => `${p.key}:${p.count}`)).toEqual(['a:1']);
  });

  it('scopes to one event, to a date range, and counts persons as of the version', async () => {
    const events: TestEvent[] = [
      { id: '1', event: 'signup', distinctId: 'anon-1', personId: 'user-1', personLinkSeq: 3, timestamp: '2026-01-01T10:00:00.123Z', properties: { a: 1 }, seq: 1 },
      { id: '2', event: 'signup', distinctId: 'user-1', timestamp: '2026-01-02T10:00:00Z', properties: { b: 1 }, seq: 2 },
      { id: '3', event: 'view', distinctId: 'user-1', timestamp: '2026-01-03T10:00:00Z', properties: { c: 1 }, seq: 2 },
    ];
    const signup = await run(events, { event: 'signup' });
    expect(signup.totalEvents).toBe(2);
    expect(signup.events).toEqual([{ name: 'signup', count: 2, persons: 1, firstSeen: '2026-01-01T10:00:00.123Z', lastSeen: '2026-01-02T10:00:00.000Z' }]);
    expect(signup.properties.map((p) => p.key)).toEqual(['a', 'b']);
    // Before the link (version 2) anon-1 and user-1 are two persons; before event 2 (version 1), one event.
    const split = await run(events, { event: 'signup' }, { dataVersion: 2 });
    expect(split.events).toEqual([{ name: 'signup', count: 2, persons: 2, firstSeen: '2026-01-01T10:00:00.123Z', lastSeen: '2026-01-02T10:00:00.000Z' }]);
    const early = await run(events, {}, { dataVersion: 1 });
    expect(early.events).toEqual([{ name: 'signup', count: 1, persons: 1, firstSeen: '2026-01-01T10:00:00.123Z', lastSeen: '2026-01-01T10:00:00.123Z' }]);
    // Date range: 2026-01-02 and 2026-01-03 in Paris (local days).
    const ranged = await run(events, { dateRange: { from: '2026-01-02', to: '2026-01-03' } }, { timeZone: 'Europe/Paris' });
    expect(ranged.totalEvents).toBe(2);
    expect(ranged.properties.map((p) => p.key)).toEqual(['b', 'c']);
    // Nothing in scope.
    expect(await run(events, { event: 'nope' })).toEqual({ totalEvents: 0, events: [], properties: [], truncated: false });
    expect(await run([], {})).toEqual({ totalEvents: 0, events: [], properties: [], truncated: false });
  });

  it('refuses bad queries with VALIDATION_FAILED naming the field', async () => {
    const p = await db.insert([]);
    const bad = async (query: unknown, field: string, timeZone = 'UTC') => {
      const error = await db.read((r) => runPropertyCatalog(r, db.scope(p, { timeZone }), query as PropertyCatalogQuery)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details?.['field']).toBe(field);
    };
    await bad({ topValues: 21 }, 'query.topValues');
    await bad({ topValues: -1 }, 'query.topValues');
    await bad({ limit: 0 }, 'query.limit');
    await bad({ limit: 1001 }, 'query.limit');
    await bad({ limit: 2.5 }, 'query.limit');
    await bad({ order: 'RANDOM' }, 'query.order');
    await bad({ event: '' }, 'query.event');
    await bad({ dateRange: { from: '2026-01-02' } }, 'query.dateRange');
    await bad({ dateRange: { from: '2026-01-02', to: '2026-01-01' } }, 'query.dateRange');
    await bad({}, 'timeZone', 'Nowhere/Land');
  });

  it('matches the brute-force reference on random logs', async () => {
    const KEYS = ['plan', 'n', 'flag', '$browser', 'a.b', 'obj', 'list', 'nul'];
    const valueArb = fc.oneof(
      fc.constantFrom('pro', 'free', 'Pro', '3', '', 'é'),
      fc.constantFrom(0, 1, 3, -2, 1.5, 100),
      fc.boolean(),
      fc.constant(null),
      fc.constant({ x: 1 }),
      fc.constant([1, 'a']),
    );
    const BASES = ['2026-03-29T00:30:00Z', '2026-11-01T05:30:00Z'];
    const arb = fc.record({
      base: fc.constantFrom(...BASES),
      events: fc.array(
        fc.record({
          event: fc.constantFrom('A', 'B', 'C', '$pageview'),
          person: fc.nat(5),
          alias: fc.boolean(),
          seq: fc.constantFrom(1, 1, 2, 4),
          minute: fc.integer({ min: -120, max: 1500 }),
          extraMs: fc.constantFrom(0, 1, 999),
          props: fc.dictionary(fc.constantFrom(...KEYS), valueArb, { minKeys: 1, maxKeys: 5 }),
        }),
        { minLength: 3, maxLength: 60, size: 'medium' },
      ),
      event: fc.option(fc.constantFrom('A', 'B', '$pageview'), { nil: undefined, freq: 2 }),
      topValues: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined, freq: 2 }),
      limit: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined, freq: 2 }),
      order: fc.option(fc.constantFrom<'FREQUENCY' | 'NAME'>('FREQUENCY', 'NAME'), { nil: undefined, freq: 2 }),
      range: fc.option(
        fc.oneof(
          fc.record({ kind: fc.constant('days' as const), fromDay: fc.constantFrom(-1, 0), days: fc.constantFrom(0, 1) }),
          fc.record({ kind: fc.constant('instants' as const), fromMin: fc.integer({ min: -60, max: 600 }), len: fc.integer({ min: 1, max: 900 }) }),
        ),
        { nil: undefined, freq: 2 },
      ),
      version: fc.constantFrom(1, 2, 4, 5),
      timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'),
      // One identity link per anonymous id (its position), as the consumer stores it.
      linkSeqs: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const t0 = Date.parse(c.base);
        const events: TestEvent[] = c.events.map((e, i) => ({
          id: `e${String(i).padStart(3, '0')}`,
          event: e.event,
          distinctId: e.alias ? `anon-${e.person}` : `user-${e.person}`,
          ...(e.alias ? { personId: `user-${e.person}`, personLinkSeq: c.linkSeqs[e.person] as number } : {}),
          timestamp: new Date(t0 + e.minute * 60_000 + e.extraMs).toISOString(),
          seq: e.seq,
          properties: e.props,
        }));
        const day = (offset: number) => new Date(t0 + offset * 86_400_000).toISOString().slice(0, 10);
        const query: PropertyCatalogQuery = {};
        if (c.event !== undefined) query.event = c.event;
        if (c.topValues !== undefined) query.topValues = c.topValues;
        if (c.limit !== undefined) query.limit = c.limit;
        if (c.order !== undefined) query.order = c.order;
        if (c.range?.kind === 'days') query.dateRange = { from: day(c.range.fromDay), to: day(c.range.fromDay + c.range.days) };
        if (c.range?.kind === 'instants') {
          query.dateRange = {
            from: new Date(t0 + c.range.fromMin * 60_000).toISOString(),
            to: new Date(t0 + (c.range.fromMin + c.range.len) * 60_000).toISOString(),
          };
        }
        const actual = await run(events, query, { dataVersion: c.version, timeZone: c.timeZone });
        expect(actual).toEqual(referencePropertyCatalog(events, query, { version: c.version, timeZone: c.timeZone }));
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
