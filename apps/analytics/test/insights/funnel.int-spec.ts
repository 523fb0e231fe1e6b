import { DomainError, type FunnelPersonsQuery, type FunnelQuery, type FunnelResultDto } from '@fulcrum/contracts';
import { computeFunnel, computeFunnelPersons, runFunnel, runFunnelPersons } from '../../src/insights/funnel/funnel.engine';
import { referenceFunnel, referenceFunnelPersonIds } from './reference/funnel.reference';
import { InsightTestDb, type TestEvent } from './support/insight-test-db';
import { metricsDocExample } from './support/metrics-doc.examples';

const RANGE = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
const steps = (...names: string[]) => names.map((event) => ({ event }));
const ev = (id: string, distinctId: string, event: string, timestamp: string, properties?: Record<string, unknown>): TestEvent => ({
  id,
  distinctId,
  event,
  timestamp,
  properties,
});

describe('funnel insight (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  const run = async (events: TestEvent[], query: FunnelQuery, scope: { dataVersion?: number; timeZone?: string } = {}): Promise<FunnelResultDto> => {
    const p = await db.insert(events);
    const result = await db.read((r) => runFunnel(r, db.scope(p, scope), query));
    // Every hand-written case also holds for the exact strategy and the reference.
    const exact = await db.read((r) => computeFunnel(r, db.scope(p, scope), query, { strategy: 'exact' }));
    expect(exact).toEqual(result);
    expect(result).toEqual(referenceFunnel(events, query, { version: scope.dataVersion, timeZone: scope.timeZone }));
    return result;
  };
  const counts = (r: FunnelResultDto) => r.steps.map((s) => s.count);

  it('computes the worked example of the docs (funnel-basic)', async () => {
    const example = metricsDocExample<FunnelQuery, FunnelResultDto>('funnel-basic');
    const p = await db.insert(example.events);
    const result = await db.read((r) => runFunnel(r, db.scope(p, { timeZone: example.timeZone }), example.query));
    expect(result).toEqual(example.expected);
  });

  it('ORDERED: counts each person at their furthest step; other events may come between steps', async () => {
    const r = await run(
      [
        ev('1', 'a', 'view', '2026-01-05T10:00:00Z'),
        ev('2', 'a', 'other', '2026-01-05T10:01:00Z'),
        ev('3', 'a', 'signup', '2026-01-05T10:02:00Z'),
        ev('4', 'a', 'buy', '2026-01-05T10:05:00Z'),
        ev('5', 'b', 'signup', '2026-01-05T10:00:00Z'),
        ev('6', 'b', 'view', '2026-01-05T10:01:00Z'),
        ev('7', 'c', 'buy', '2026-01-05T10:00:00Z'),
      ],
      { steps: steps('view', 'signup', 'buy'), dateRange: RANGE },
    );
    expect(counts(r)).toEqual([2, 1, 1]);
    expect(r.steps[1]).toMatchObject({ conversionRateFromFirst: 0.5, medianTimeToConvertSeconds: 120, averageTimeToConvertSeconds: 120, droppedOff: 0 });
    expect(r.steps[0]).toMatchObject({ conversionRateFromFirst: 1, conversionRateFromPrevious: 1, medianTimeToConvertSeconds: null, droppedOff: 1 });
    expect(r.steps[2]).toMatchObject({ conversionRateFromPrevious: 1, medianTimeToConvertSeconds: 180, droppedOff: 0 });
  });

  it('counts a step exactly at the window edge, not 1 ms past it (window from the first step to the last)', async () => {
    const window = { value: 1, unit: 'HOUR' as const };
    const r = await run(
      [
        ev('1', 'edge', 'view', '2026-01-05T10:00:00.000Z'),
        ev('2', 'edge', 'signup', '2026-01-05T10:30:00.000Z'),
        ev('3', 'edge', 'buy', '2026-01-05T11:00:00.000Z'),
        ev('4', 'over', 'view', '2026-01-05T10:00:00.000Z'),
        ev('5', 'over', 'signup', '2026-01-05T10:30:00.000Z'),
        ev('6', 'over', 'buy', '2026-01-05T11:00:00.001Z'),
      ],
      { steps: steps('view', 'signup', 'buy'), dateRange: RANGE, conversionWindow: window },
    );
    expect(counts(r)).toEqual([2, 2, 1]);
  });

  it('orders same-timestamp events by event id', async () => {
    const q: FunnelQuery = { steps: steps('view', 'signup'), dateRange: RANGE };
    // view (id b) after signup (id a) at the same instant: no conversion; ids swapped: conversion.
    expect(counts(await run([ev('b', 'u', 'view', '2026-01-05T10:00:00Z'), ev('a', 'u', 'signup', '2026-01-05T10:00:00Z')], q))).toEqual([1, 0]);
    expect(counts(await run([ev('a', 'u', 'view', '2026-01-05T10:00:00Z'), ev('b', 'u', 'signup', '2026-01-05T10:00:00Z')], q))).toEqual([1, 1]);
    // The same event twice as two steps needs two events.
    expect(counts(await run([ev('a', 'u', 'view', '2026-01-05T10:00:00Z')], { steps: steps('view', 'view'), dateRange: RANGE }))).toEqual([1, 0]);
    expect(counts(await run([ev('a', 'u', 'view', '2026-01-05T10:00:00Z'), ev('b', 'u', 'view', '2026-01-05T10:00:00Z')], { steps: steps('view', 'view'), dateRange: RANGE }))).toEqual([1, 1]);
  });

  it('STRICT: no other event of the person in between (events removed by the query filters do not count)', async () => {
    const events = [
      ev('1', 'a', 'view', '2026-01-05T10:00:00Z', { app: 'web' }),
      ev('2', 'a', 'noise', '2026-01-05T10:01:00Z', { app: 'ios' }),
      ev('3', 'a', 'signup', '2026-01-05T10:02:00Z', { app: 'web' }),
      ev('4', 'b', 'view', '2026-01-05T10:00:00Z', { app: 'web' }),
      ev('5', 'b', 'signup', '2026-01-05T10:02:00Z', { app: 'web' }),
    ];
    const q: FunnelQuery = { steps: steps('view', 'signup'), dateRange: RANGE, order: 'STRICT' };
    expect(counts(await run(events, q))).toEqual([2, 1]);
    expect(counts(await run(events, { ...q, filters: [{ property: 'app', operator: 'eq', value: 'web' }] }))).toEqual([2, 2]);
    expect(counts(await run(events, { ...q, order: 'ORDERED' }))).toEqual([2, 2]);
    // Two identical events at one instant: the later of them (by id) starts the later path.
    const twins = await run(
      [ev('a', 'u', 'b', '2026-01-05T10:00:00Z'), ev('b', 'u', 'b', '2026-01-05T10:00:00Z'), ev('c', 'u', 'b', '2026-01-05T10:15:00Z')],
      { steps: steps('b', 'b'), dateRange: RANGE, order: 'STRICT' },
    );
    expect(twins.steps[1]).toMatchObject({ count: 1, medianTimeToConvertSeconds: 900 });
  });

  it('ANY: steps in any order, the level is the number of different steps within one window − 1', async () => {
    const r = await run(
      [
        ev('1', 'a', 'buy', '2026-01-05T10:00:00Z'),
        ev('2', 'a', 'signup', '2026-01-05T10:10:00Z'),
        ev('3', 'a', 'view', '2026-01-05T10:20:00Z'),
        ev('4', 'b', 'signup', '2026-01-05T10:00:00Z'),
        ev('5', 'c', 'buy', '2026-01-05T10:00:00Z'),
        ev('6', 'c', 'view', '2026-01-07T10:00:00Z'),
      ],
      { steps: steps('view', 'signup', 'buy'), dateRange: RANGE, order: 'ANY', conversionWindow: { value: 1, unit: 'DAY' } },
    );
    expect(counts(r)).toEqual([3, 1, 1]);
    expect(r.steps[1]?.medianTimeToConvertSeconds).toBe(600);
  });

  it('measures DAY windows in elapsed time (24 h), across DST changes', async () => {
    const q: FunnelQuery = { steps: steps('view', 'signup'), dateRange: { from: '2026-03-01', to: '2026-11-30' }, conversionWindow: { value: 1, unit: 'DAY' } };
    const r = await run(
      [
        // Europe/Paris springs forward on 2026-03-29: noon to noon is 23 h → converted.
        ev('1', 'spring', 'view', '2026-03-28T11:00:00Z'),
        ev('2', 'spring', 'signup', '2026-03-29T10:00:00Z'),
        // Falls back on 2026-10-25: noon to noon is 25 h → not converted with a 1-day window.
        ev('3', 'fall', 'view', '2026-10-24T10:00:00Z'),
        ev('4', 'fall', 'signup', '2026-10-25T11:00:00Z'),
      ],
      q,
      { timeZone: 'Europe/Paris' },
    );
    expect(counts(r)).toEqual([2, 1]);
    expect(r.steps[1]?.medianTimeToConvertSeconds).toBe(23 * 3600);
  });

  it('follows persons as of the data version (an anonymous id merged into a user mid-funnel)', async () => {
    const events: TestEvent[] = [
      { id: '1', event: 'view', distinctId: 'anon-1', personId: 'user-1', personLinkSeq: 5, timestamp: '2026-01-05T10:00:00Z', seq: 1 },
      { id: '2', event: 'signup', distinctId: 'user-1', timestamp: '2026-01-05T10:05:00Z', seq: 3 },
    ];
    const q: FunnelQuery = { steps: steps('view', 'signup'), dateRange: RANGE };
    expect(counts(await run(events, q, { dataVersion: 4 }))).toEqual([1, 0]);
    expect(counts(await run(events, q, { dataVersion: 5 }))).toEqual([1, 1]);
  });

  it('exclusions: a path with an exclusion event between its fromStep and toStep events is not valid; the furthest valid path counts', async () => {
    const q: FunnelQuery = { steps: steps('view', 'signup', 'buy'), dateRange: RANGE, exclusions: [{ event: 'cancel', fromStep: 1, toStep: 2 }] };
    const r = await run(
      [
        // a: cancel between signup and buy → reaches signup only.
        ev('1', 'a', 'view', '2026-01-05T10:00:00Z'),
        ev('2', 'a', 'signup', '2026-01-05T10:01:00Z'),
        ev('3', 'a', 'cancel', '2026-01-05T10:02:00Z'),
        ev('4', 'a', 'buy', '2026-01-05T10:03:00Z'),
        // b: same, but a later signup after the cancel makes a valid path.
        ev('5', 'b', 'view', '2026-01-05T10:00:00Z'),
        ev('6', 'b', 'signup', '2026-01-05T10:01:00Z'),
        ev('7', 'b', 'cancel', '2026-01-05T10:02:00Z'),
        ev('8', 'b', 'signup', '2026-01-05T10:03:00Z'),
        ev('9', 'b', 'buy', '2026-01-05T10:04:00Z'),
        // c: cancel before the signup: outside the (signup, buy) span.
        ev('10', 'c', 'view', '2026-01-05T10:00:00Z'),
        ev('11', 'c', 'cancel', '2026-01-05T10:01:00Z'),
        ev('12', 'c', 'signup', '2026-01-05T10:02:00Z'),
        ev('13', 'c', 'buy', '2026-01-05T10:03:00Z'),
      ],
      q,
    );
    expect(counts(r)).toEqual([3, 3, 2]);
    // b's counted path uses the later signup: view → signup 3 min, signup → buy 1 min.
    expect(r.steps[2]?.medianTimeToConvertSeconds).toBe(60);
  });

  it('breaks down by first touch, last touch and all steps, with the "other" row', async () => {
    const events = [
      ev('1', 'a', 'view', '2026-01-05T10:00:00Z', { src: 'ad' }),
      ev('2', 'a', 'signup', '2026-01-05T10:01:00Z', { src: 'mail' }),
      ev('3', 'b', 'view', '2026-01-05T10:00:00Z', { src: 'ad' }),
      ev('4', 'c', 'view', '2026-01-05T10:00:00Z', { src: 'seo' }),
      ev('5', 'c', 'signup', '2026-01-05T10:01:00Z', { src: 'seo' }),
      ev('6', 'd', 'view', '2026-01-05T10:00:00Z'),
    ];
    const base: FunnelQuery = { steps: steps('view', 'signup'), dateRange: RANGE };
    const first = await run(events, { ...base, breakdown: { property: 'src' } });
    expect(first.breakdowns.map((b) => [b.value, b.other, b.steps.map((s) => s.count)])).toEqual([
      ['ad', false, [2, 1]],
      ['seo', false, [1, 1]],
      [null, false, [1, 0]],
    ]);
    const last = await run(events, { ...base, breakdown: { property: 'src', attribution: 'LAST_TOUCH', limit: 2 } });
    expect(last.breakdowns.map((b) => [b.value, b.other, b.steps.map((s) => s.count)])).toEqual([
      ['ad', false, [1, 0]],
      ['mail', false, [1, 1]],
      [null, true, [2, 1]],
    ]);
    const all = await run(events, { ...base, breakdown: { property: 'src', attribution: 'ALL_STEPS' } });
    expect(all.breakdowns.map((b) => [b.value, b.steps.map((s) => s.count)])).toEqual([
      ['ad', [2, 0]],
      ['seo', [1, 1]],
      [null, [1, 0]],
    ]);
    expect(counts(all)).toEqual([4, 2]);
  });

  it('walks the persons of a step page by page, each exactly once', async () => {
    const events: TestEvent[] = [];
    for (let i = 0; i < 25; i++) {
      const who = `p-${String(i).padStart(2, '0')}`;
      events.push(ev(`v${i}`, who, 'view', '2026-01-05T10:00:00Z'));
      if (i % 3 !== 0) events.push(ev(`s${i}`, who, 'signup', '2026-01-05T10:05:00Z'));
    }
    const p = await db.insert(events);
    const base: FunnelPersonsQuery = { steps: steps('view', 'signup'), dateRange: RANGE, personsAt: { step: 0, status: 'DROPPED', limit: 4 } };
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await db.read((r) => runFunnelPersons(r, db.scope(p), { ...base, personsAt: { ...base.personsAt, after } }));
      expect(res.total).toBe(9);
      seen.push(...res.persons);
      if (res.nextCursor === null) break;
      after = res.nextCursor;
    }
    expect(seen).toEqual(referenceFunnelPersonIds(events, base));
    expect(seen).toHaveLength(9);
    const reached = await db.read((r) => runFunnelPersons(r, db.scope(p), { ...base, personsAt: { step: 1, status: 'REACHED', limit: 1000 } }));
    expect(reached).toMatchObject({ total: 16, nextCursor: null });
    expect(reached.persons).toHaveLength(16);
  });

  it('answers zeros for an empty range or a project without events', async () => {
    const r = await run([ev('1', 'a', 'view', '2025-01-05T10:00:00Z')], { steps: steps('view', 'signup'), dateRange: RANGE, breakdown: { property: 'x' } });
    expect(r.steps.map((s) => [s.count, s.conversionRateFromFirst, s.conversionRateFromPrevious, s.medianTimeToConvertSeconds, s.droppedOff])).toEqual([
      [0, 0, 0, null, 0],
      [0, 0, 0, null, 0],
    ]);
    expect(r.breakdowns).toEqual([]);
  });

  it('recomputes exactly the persons the fast layout cannot tell apart (hash collisions, same-timestamp events)', async () => {
    const events: TestEvent[] = [];
    for (let i = 0; i < 12; i++) {
      const who = `c-${i}`;
      events.push(ev(`${i}-a`, who, 'view', '2026-01-05T10:00:00Z', { k: i % 3 }));
      events.push(ev(`${i}-b`, who, i % 2 ? 'signup' : 'view', '2026-01-05T10:00:00Z', { k: i % 2 }));
      events.push(ev(`${i}-c`, who, 'buy', `2026-01-05T10:0${i % 4}:00Z`, { k: 1 }));
    }
    const p = await db.insert(events);
    const q: FunnelQuery = { steps: steps('view', 'signup', 'buy'), dateRange: RANGE, breakdown: { property: 'k', attribution: 'LAST_TOUCH' } };
    const collide = await db.read((r) => computeFunnel(r, db.scope(p), q, { personBucketSql: (person) => `(hash(${person}) % 2)` }));
    const exact = await db.read((r) => computeFunnel(r, db.scope(p), q, { strategy: 'exact' }));
    expect(collide).toEqual(exact);
    expect(exact).toEqual(referenceFunnel(events, q));
    const persons = await db.read((r) =>
      computeFunnelPersons(r, db.scope(p), { ...q, personsAt: { step: 1, status: 'REACHED' } }, { personBucketSql: (person) => `(hash(${person}) % 2)` }),
    );
    expect(persons.persons).toEqual(referenceFunnelPersonIds(events, { ...q, personsAt: { step: 1, status: 'REACHED' } }));
  });

  it('refuses invalid queries with a coded error naming the field', async () => {
    const p = await db.insert([ev('1', 'a', 'view', '2026-01-05T10:00:00Z')]);
    const refuse = async (query: unknown, field: string) => {
      const error = await db.read((r) => runFunnel(r, db.scope(p), query as FunnelQuery)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    };
    await refuse({ steps: steps('view'), dateRange: RANGE }, 'query.steps');
    await refuse({ steps: steps('view', ''), dateRange: RANGE }, 'query.steps[1].event');
    await refuse({ steps: steps('view', 'buy'), dateRange: RANGE, conversionWindow: { value: 0, unit: 'DAY' } }, 'query.conversionWindow.value');
    await refuse({ steps: steps('view', 'buy'), dateRange: RANGE, conversionWindow: { value: 1, unit: 'MONTH' } }, 'query.conversionWindow.unit');
    await refuse({ steps: steps('view', 'buy'), dateRange: RANGE, exclusions: [{ event: 'x', fromStep: 1, toStep: 1 }] }, 'query.exclusions[0].toStep');
    await refuse({ steps: steps('view', 'buy'), dateRange: RANGE, exclusions: [{ event: 'x', fromStep: 0, toStep: 2 }] }, 'query.exclusions[0].toStep');
    await refuse({ steps: steps('view', 'buy'), dateRange: RANGE, order: 'STRICT', exclusions: [{ event: 'x', fromStep: 0, toStep: 1 }] }, 'query.exclusions');
    await refuse({ steps: steps('view', 'view'), dateRange: RANGE, order: 'ANY' }, 'query.steps[1].event');
    await refuse({ steps: steps('view', 'buy'), dateRange: RANGE, filters: [{ property: 'p', operator: 'gt', value: 'x' }] }, 'query.filters[0]');
    await refuse({ steps: steps('view', 'buy'), dateRange: RANGE, breakdown: { property: 'p', attribution: 'NONE' } }, 'query.breakdown.attribution');
    await refuse({ steps: steps('view', 'buy'), dateRange: { from: '2026-02-01', to: '2026-01-01' } }, 'query.dateRange');
    const persons = (personsAt: unknown, extra: Partial<FunnelQuery> = {}) =>
      db.read((r) => runFunnelPersons(r, db.scope(p), { steps: steps('view', 'buy'), dateRange: RANGE, ...extra, personsAt } as FunnelPersonsQuery)).catch((e: unknown) => e);
    expect(await persons({ step: 1, status: 'DROPPED' })).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'query.personsAt.step' } });
    expect(await persons({ step: 2, status: 'REACHED' })).toMatchObject({ details: { field: 'query.personsAt.step' } });
    expect(await persons({ step: 0, status: 'REACHED', limit: 1001 })).toMatchObject({ details: { field: 'query.personsAt.limit' } });
    expect(await persons({ step: 0, status: 'REACHED', breakdownValue: { value: 'x', other: false } })).toMatchObject({ details: { field: 'query.personsAt.breakdownValue' } });
    expect(await persons({ step: 0, status: 'REACHED', breakdownValue: { value: 'x', other: true } }, { breakdown: { property: 'p' } })).toMatchObject({
      details: { field: 'query.personsAt.breakdownValue.value' },
    });
  });
});
