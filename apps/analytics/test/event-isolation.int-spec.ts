import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CanonicalEvent, EventBatchMessage } from '@fulcrum/contracts';
import { type TempDir, makeTempDir } from '@fulcrum/testing';
import { DuckDbDatabase } from '../src/duckdb/duckdb.database';
import { decodeEventBatch } from '../src/events/event-batch.decoder';
import { type DecodedMessage, EventStore } from '../src/events/event.store';

/**
 * Regressions of "acknowledged means counted" (issue: lone surrogates, identify chains, out-of-range
 * timestamps, collateral rejections): each message goes through the consumer's decoder and the
 * store, as the JetStream consumer does, against a real DuckDB file.
 */
describe('one bad event never costs its neighbours (real DuckDB file)', () => {
  let dir: TempDir;
  let db: DuckDbDatabase;
  let store: EventStore;
  const projectId = randomUUID();
  let seq = 0;

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

  const ts = '2026-01-01T00:00:00.000Z';
  function ev(id: string, over: Partial<CanonicalEvent> = {}): CanonicalEvent {
    return { id, projectId, type: 'track', event: 'view', userId: 'u', timestamp: ts, receivedAt: ts, properties: {}, context: {}, ...over };
  }
  /** The message as JSON text, so hostile escapes (`\ud800`) travel exactly as the collector's JSON.stringify writes them. */
  function text(events: CanonicalEvent[]): string {
    return JSON.stringify({ v: 1, batchId: randomUUID(), projectId, events });
  }
  async function applyTexts(...texts: string[]) {
    const messages: DecodedMessage[] = texts.map((t) => {
      const outcome = decodeEventBatch(Buffer.from(t));
      if (!outcome.ok) throw new Error(outcome.reason);
      seq += 1;
      return { seq, batch: outcome.batch, payload: outcome.payload, rejectedEvents: outcome.rejectedEvents, positions: outcome.positions };
    });
    return store.apply(messages, []);
  }
  async function storedIds(): Promise<string[]> {
    const rows = (await db.writer.runAndReadAll('SELECT id FROM events WHERE project_id = $1 ORDER BY id', [projectId])).getRowObjectsJS();
    return rows.map((r) => String(r['id']));
  }
  async function rejectedEvents(): Promise<Array<{ id: string; seq: number; position: number; reason: string }>> {
    const rows = (await db.writer.runAndReadAll('SELECT event_id, stream_seq, position, reason FROM rejected_events ORDER BY stream_seq, position')).getRowObjectsJS();
    return rows.map((r) => ({ id: String(r['event_id']), seq: Number(r['stream_seq']), position: Number(r['position']), reason: String(r['reason']) }));
  }

  it('1. a lone surrogate sets aside its own event only; its neighbour is stored', async () => {
    const result = await applyTexts(text([ev('R1a'), ev('R1b', { properties: { k: '\ud800' } }), ev('R1c', { event: 'x\udc00' })]));
    expect(result).toMatchObject({ inserted: 1, rejectedEvents: 2, dataVersion: seq });
    expect(await storedIds()).toContain('R1a');
    expect(await storedIds()).not.toContain('R1b');
    expect((await rejectedEvents()).filter((r) => r.seq === seq)).toEqual([
      { id: 'R1b', seq, position: 1, reason: expect.stringContaining('properties.k contains a lone UTF-16 surrogate') },
      { id: 'R1c', seq, position: 2, reason: expect.stringContaining('event contains a lone UTF-16 surrogate') },
    ]);
  });

  it('2. an identify chain (P121←A42, then A42←anonX) stores both identifies and their companion', async () => {
    await applyTexts(text([ev('I1', { type: 'identify', event: '$identify', userId: 'P121', anonymousId: 'A42' })]));
    const result = await applyTexts(text([ev('I2', { type: 'identify', event: '$identify', userId: 'A42', anonymousId: 'anonX' }), ev('I2c', { userId: 'other' })]));
    expect(result).toMatchObject({ inserted: 2, rejectedEvents: 0 });
    expect(await storedIds()).toEqual(expect.arrayContaining(['I1', 'I2', 'I2c']));
    const person = (await db.writer.runAndReadAll(`SELECT person_id FROM identity_links WHERE project_id = $1 AND distinct_id = 'anonX'`, [projectId])).getRowObjectsJS();
    expect(person).toEqual([{ person_id: 'P121' }]);
  });

  it('3. out-of-range and impossible timestamps set aside their event only (sentAt year -1, February 30)', async () => {
    const result = await applyTexts(
      text([ev('T1', { sentAt: '-000001-12-31T00:01:00.000Z' }), ev('T2'), ev('T3', { timestamp: '2026-02-30T00:00:00.000Z' }), ev('T4', { timestamp: '0000-06-01T00:00:00.000Z' })]),
    );
    expect(result).toMatchObject({ inserted: 1, rejectedEvents: 3 });
    expect(await storedIds()).toContain('T2');
    expect((await rejectedEvents()).filter((r) => r.seq === seq).map((r) => [r.id, r.position])).toEqual([
      ['T1', 0],
      ['T3', 2],
      ['T4', 3],
    ]);
  });

  it('4. an event DuckDB refuses on its own is found and set aside; the rest of its batch and the next batch are stored', async () => {
    // Bypasses the decoder (as an event the storable rule did not foresee would): DuckDB cannot cast this timestamp.
    const bad = ev('D2', { timestamp: 'not a time' });
    const messages: DecodedMessage[] = [
      [ev('D1'), bad, ev('D3')],
      [ev('D4'), ev('D5', { type: 'identify', event: '$identify', userId: 'P9', anonymousId: 'A9' })],
    ].map((events) => {
      seq += 1;
      const batch = { v: 1, batchId: randomUUID(), projectId, events } as EventBatchMessage;
      return { seq, batch, payload: JSON.stringify(batch) };
    });
    const result = await store.apply(messages, []);
    expect(result).toMatchObject({ inserted: 4, rejectedEvents: 1, dataVersion: seq });
    expect(await storedIds()).toEqual(expect.arrayContaining(['D1', 'D3', 'D4', 'D5']));
    expect((await rejectedEvents()).filter((r) => r.id === 'D2')).toEqual([
      { id: 'D2', seq: seq - 1, position: 1, reason: expect.stringContaining('refused this event on its own') },
    ]);
    // No collateral: the next message, with nothing wrong in it, is applied on the fresh writer.
    expect(await applyTexts(text([ev('D6')]))).toMatchObject({ inserted: 1, rejectedEvents: 0, dataVersion: seq });
  });

  it('re-applying a batch after isolation (a redelivery) stores nothing twice', async () => {
    const batch = { v: 1, batchId: randomUUID(), projectId, events: [ev('D1'), ev('D3')] } as EventBatchMessage;
    const result = await store.apply([{ seq: 4, batch, payload: JSON.stringify(batch) }], []);
    expect(result).toMatchObject({ inserted: 0, duplicates: 2 });
    const counts = (await db.writer.runAndReadAll('SELECT count(*) AS n, count(DISTINCT id) AS d FROM events WHERE project_id = $1', [projectId])).getRowObjectsJS();
    expect(Number(counts[0]['n'])).toBe(Number(counts[0]['d']));
  });
});
