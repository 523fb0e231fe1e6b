import type { CanonicalEvent, EventBatchMessage } from '@fulcrum/contracts';
import { encodeEventBatches } from './event-batch.encoder';

const projectId = '6f1c1a52-9b8f-4e55-9a37-111111111111';
const event = (i: number, pad = 0): CanonicalEvent => ({
  id: `e${i}`,
  projectId,
  type: 'track',
  event: 'A',
  userId: 'u',
  timestamp: '2026-01-01T00:00:00.000Z',
  receivedAt: '2026-01-01T00:00:00.000Z',
  properties: { pad: 'x'.repeat(pad) },
  context: {},
});
const decode = (data: Uint8Array) => JSON.parse(Buffer.from(data).toString('utf8')) as EventBatchMessage;

describe('encodeEventBatches', () => {
  it('packs small requests into one valid message with every event in order', () => {
    const batches = encodeEventBatches(projectId, [event(1), event(2), event(3)], 512 * 1024);
    expect(batches).toHaveLength(1);
    const message = decode(batches[0].data);
    expect(message).toMatchObject({ v: 1, batchId: batches[0].batchId, projectId });
    expect(message.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(batches[0].eventCount).toBe(3);
  });

  it('splits so that no message exceeds the limit and no event is lost or duplicated', () => {
    const events = Array.from({ length: 50 }, (_, i) => event(i, 3_000));
    const limit = 20_000;
    const batches = encodeEventBatches(projectId, events, limit);
    expect(batches.length).toBeGreaterThan(5);
    for (const b of batches) expect(b.data.byteLength).toBeLessThanOrEqual(limit);
    expect(batches.flatMap((b) => decode(b.data).events.map((e) => e.id))).toEqual(events.map((e) => e.id));
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(batches.length);
  });

  it('yields nothing for no events', () => {
    expect(encodeEventBatches(projectId, [], 1024)).toEqual([]);
  });
});
