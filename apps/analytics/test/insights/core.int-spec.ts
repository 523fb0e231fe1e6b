import { DomainError } from '@fulcrum/contracts';
import { resolveDateRange, assertTimeZone } from '../../src/insights/core/date-range.resolver';
import { type ScopedEventsOptions, scopedEventsSql } from '../../src/insights/core/scoped-events.sql';
import { SqlParams } from '../../src/insights/core/sql-params';
import { InsightTestDb } from './support/insight-test-db';

describe('insight core: scoped events, persons as of a version, filters, date ranges (real DuckDB)', () => {
  let db: InsightTestDb;
  beforeAll(async () => {
    db = await InsightTestDb.create();
  });
  afterAll(() => db.close());

  it('resolves persons as of the data version and keeps to the project', async () => {
    const p = await db.insert([
      { id: 'a', event: 'view', distinctId: 'anon-1', personId: 'user-1', personLinkSeq: 5, timestamp: '2026-01-01T10:00:00Z', seq: 1 },
      { id: 'b', event: 'signup', distinctId: 'user-1', timestamp: '2026-01-01T10:05:00Z', seq: 5 },
    ]);
    await db.insert([{ id: 'x', event: 'view', distinctId: 'other', timestamp: '2026-01-01T10:00:00Z' }]);
    const persons = async (version: number) =>
      db.read(async (r) => {
        const params = new SqlParams();
        const sql = scopedEventsSql(db.scope(p, { dataVersion: version }), params);
        return (await r.rows(`SELECT id, person_id FROM (${sql}) ORDER BY id`, params.values)).map((x) => `${x['id']}:${x['person_id']}`);
      });
    expect(await persons(4)).toEqual(['a:anon-1']);
    expect(await persons(5)).toEqual(['a:user-1', 'b:user-1']);
  });

  it('applies every filter operator with the documented semantics', async () => {
    const p = await db.insert([
      { id: '1', event: 'e', distinctId: 'u', timestamp: '2026-01-01T00:00:00Z', properties: { plan: 'Pro', seats: 3, '$browser': 'Firefox', 'a.b': true } },
      { id: '2', event: 'e', distinctId: 'u', timestamp: '2026-01-01T00:00:00Z', properties: { plan: 'free', seats: '10', n: null } },
      { id: '3', event: 'e', distinctId: 'u', timestamp: '2026-01-01T00:00:00Z', properties: {} },
    ]);
    const ids = (filters: ScopedEventsOptions['filters']) =>
      db.read(async (r) => {
        const params = new SqlParams();
        const sql = scopedEventsSql(db.scope(p), params, { filters });
        return (await r.rows(`SELECT id FROM (${sql}) ORDER BY id`, params.values)).map((x) => x['id']);
      });
    expect(await ids([{ property: 'plan', operator: 'eq', value: 'Pro' }])).toEqual(['1']);
    expect(await ids([{ property: 'plan', operator: 'neq', value: 'Pro' }])).toEqual(['2', '3']);
    expect(await ids([{ property: 'seats', operator: 'eq', value: 10 }])).toEqual(['2']);
    expect(await ids([{ property: 'seats', operator: 'gt', value: 3 }])).toEqual(['2']);
    expect(await ids([{ property: 'seats', operator: 'lt', value: 4 }])).toEqual(['1']);
    expect(await ids([{ property: 'plan', operator: 'contains', value: 'RO' }])).toEqual(['1']);
    expect(await ids([{ property: 'plan', operator: 'in', value: ['free', 'x'] }])).toEqual(['2']);
    expect(await ids([{ property: '$browser', operator: 'is_set' }])).toEqual(['1']);
    expect(await ids([{ property: 'n', operator: 'is_set' }])).toEqual([]);
    expect(await ids([{ property: 'n', operator: 'is_not_set' }])).toEqual(['1', '2', '3']);
    expect(await ids([{ property: 'a.b', operator: 'eq', value: true }])).toEqual(['1']);
  });

  it('filters on person properties as of the version ($set overwrites, $set_once keeps the first)', async () => {
    const p = await db.insert([
      { id: '1', event: '$identify', distinctId: 'u1', timestamp: '2026-01-01T00:00:00Z', seq: 1, properties: { plan: 'free' } },
      { id: '2', event: 'x', distinctId: 'u1', timestamp: '2026-01-02T00:00:00Z', seq: 2, properties: { $set: { plan: 'pro' }, $set_once: { src: 'ad' } } },
      { id: '3', event: 'x', distinctId: 'u2', timestamp: '2026-01-02T00:00:00Z', seq: 2, properties: {} },
    ]);
    const persons = (version: number, filters: ScopedEventsOptions['filters']) =>
      db.read(async (r) => {
        const params = new SqlParams();
        const sql = scopedEventsSql(db.scope(p, { dataVersion: version }), params, { filters });
        return (await r.rows(`SELECT DISTINCT person_id FROM (${sql}) ORDER BY 1`, params.values)).map((x) => x['person_id']);
      });
    expect(await persons(1, [{ property: 'plan', operator: 'eq', value: 'free', type: 'person' }])).toEqual(['u1']);
    expect(await persons(2, [{ property: 'plan', operator: 'eq', value: 'free', type: 'person' }])).toEqual([]);
    expect(await persons(2, [{ property: 'plan', operator: 'eq', value: 'pro', type: 'person' }])).toEqual(['u1']);
    expect(await persons(2, [{ property: 'plan', operator: 'is_not_set', type: 'person' }])).toEqual(['u2']);
    expect(await persons(2, [{ property: 'src', operator: 'neq', value: 'ad', type: 'person' }])).toEqual(['u2']);
  });

  it('resolves date-only bounds in the time zone, across DST, and refuses bad ranges and zones', async () => {
    await db.read(async (r) => {
      expect(await resolveDateRange(r, { from: '2026-03-29', to: '2026-03-29' }, 'Europe/Paris')).toEqual({
        from: '2026-03-28T23:00:00.000Z',
        to: '2026-03-29T22:00:00.000Z',
      });
      expect(await resolveDateRange(r, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00+01:00' }, 'UTC')).toEqual({
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-01T23:00:00.000Z',
      });
      await expect(resolveDateRange(r, { from: '2026-02-30', to: '2026-03-01' }, 'UTC')).rejects.toThrow(DomainError);
      await expect(resolveDateRange(r, { from: '2026-03-02', to: '2026-03-01' }, 'UTC')).rejects.toThrow(/before/);
      await expect(assertTimeZone(r, 'Mars/Olympus')).rejects.toThrow(/Unknown time zone/);
      await expect(assertTimeZone(r, 'America/New_York')).resolves.toBeUndefined();
    });
  });
});
