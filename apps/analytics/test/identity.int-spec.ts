import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CanonicalEvent, EventBatchMessage } from '@fulcrum/contracts';
import { type TempDir, makeTempDir } from '@fulcrum/testing';
import { DuckDbDatabase } from '../src/duckdb/duckdb.database';
import { EventStore } from '../src/events/event.store';

describe('identity map in the event transaction (real DuckDB file)', () => {
  let dir: TempDir;
  let db: DuckDbDatabase;
  let store: EventStore;
  const projectId = randomUUID();

  beforeAll(async () => {
    dir = makeTempDir();
    db = await DuckDbDatabase.open(join(dir.path, 'a.duckdb'));
    store = new EventStore(db);
    await store.init(async () => 0);
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  function ev(id: string, type: CanonicalEvent['type'], ids: { userId?: string; anonymousId?: string }, properties: Record<string, unknown> = {}): CanonicalEvent {
    const ts = '2026-01-01T00:00:00.000Z';
    return { id, projectId, type, event: type === 'track' ? 'view' : `$${type}`, ...ids, timestamp: ts, receivedAt: ts, properties, context: {} };
  }
  async function apply(seq: number, events: CanonicalEvent[]): Promise<void> {
    const batch: EventBatchMessage = { v: 1, batchId: randomUUID(), projectId, events } as EventBatchMessage;
    await store.apply([{ seq, batch, payload: JSON.stringify(batch) }], []);
  }
  async function personsAsOf(version: number): Promise<Record<string, string>> {
    const rows = (
      await db.writer.runAndReadAll(
        `SELECT id, CASE WHEN person_link_seq <= $2 THEN person_id ELSE distinct_id END AS person FROM events WHERE project_id = $1 AND stream_seq <= $2 ORDER BY id`,
        [projectId, version],
      )
    ).getRowObjectsJS();
    return Object.fromEntries(rows.map((r) => [String(r['id']), String(r['person'])]));
  }

  it('moves an anonymous id’s earlier and later events to the person, from the link’s position on', async () => {
    await apply(1, [ev('e1', 'track', { anonymousId: 'anon' })]);
    await apply(2, [ev('e2', 'identify', { userId: 'ada', anonymousId: 'anon' }), ev('e3', 'track', { anonymousId: 'anon' })]);
    await apply(3, [ev('e4', 'track', { anonymousId: 'anon' })]);
    expect(await personsAsOf(1)).toEqual({ e1: 'anon' });
    expect(await personsAsOf(2)).toEqual({ e1: 'ada', e2: 'ada', e3: 'ada' });
    expect(await personsAsOf(3)).toEqual({ e1: 'ada', e2: 'ada', e3: 'ada', e4: 'ada' });
  });

  it('refuses and reports merging two identified users; a redelivered batch changes nothing', async () => {
    await apply(4, [ev('e5', 'identify', { userId: 'bob' }), ev('e6', 'alias', { userId: 'bob' }, { previousId: 'ada' })]);
    await apply(4, [ev('e5', 'identify', { userId: 'bob' }), ev('e6', 'alias', { userId: 'bob' }, { previousId: 'ada' })]);
    await apply(5, [ev('e7', 'identify', { userId: 'bob', anonymousId: 'anon' })]);
    const conflicts = (
      await db.writer.runAndReadAll(`SELECT event_id, source_id, target_id, reason, existing_person_id FROM identity_conflicts WHERE project_id = $1 ORDER BY event_id`, [projectId])
    ).getRowObjectsJS();
    expect(conflicts).toEqual([
      { event_id: 'e6', source_id: 'ada', target_id: 'bob', reason: 'BOTH_IDENTIFIED', existing_person_id: 'ada' },
      { event_id: 'e7', source_id: 'anon', target_id: 'bob', reason: 'ALREADY_MERGED', existing_person_id: 'ada' },
    ]);
    const persons = await personsAsOf(5);
    expect(persons['e4']).toBe('ada');
    expect(persons['e5']).toBe('bob');
    const links = (await db.writer.runAndReadAll(`SELECT count(*) AS n FROM identity_links WHERE project_id = $1`, [projectId])).getRowObjectsJS();
    expect(Number(links[0]?.['n'])).toBe(1);
  });

  it('records thousands of refused merges of one batch, each once, and stores every event that carried them', async () => {
    // A hostile client can send conflicting identifies cheaply: they are written in one statement.
    const events = Array.from({ length: 2_000 }, (_, i) => ev(`c${i}`, 'identify', { userId: i % 2 === 0 ? 'bob' : 'ada', anonymousId: 'anon' }));
    await apply(6, [...events, events[0]]);
    const counts = (
      await db.writer.runAndReadAll(
        `SELECT (SELECT count(*) FROM identity_conflicts WHERE project_id = $1 AND event_id LIKE 'c%') AS conflicts,
                (SELECT count(*) FROM events WHERE project_id = $1 AND id LIKE 'c%') AS stored`,
        [projectId],
      )
    ).getRowObjectsJS();
    // anon belongs to ada: the 1,000 identifies into bob conflict (ALREADY_MERGED), the 1,000 into ada repeat the link
    expect(counts.map((r) => [Number(r['conflicts']), Number(r['stored'])])).toEqual([[1_000, 2_000]]);
  });
});
