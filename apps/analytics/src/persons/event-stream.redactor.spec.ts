import { ErrorCode, NatsError, type NatsConnection } from 'nats';
import type { EventBatchMessage } from '@fulcrum/contracts';
import type { ErasurePlan } from './erasure-plan.reader';
import { EventStreamRedactor } from './event-stream.redactor';

const P = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const TS = '2026-01-01T00:00:00.000Z';
const plan: ErasurePlan = { projectId: P, personId: 'ua', ids: new Set(['ua', 'a1']), eventIds: new Set(['a-e1']), eventSeqs: [3, 5], rejectedSeqs: [4], rejectedEvents: [] };

function stored(seq: number, events: Array<{ id: string; userId: string }>) {
  const batch: EventBatchMessage = {
    v: 1,
    batchId: `b${seq}`,
    projectId: P,
    events: events.map((e) => ({ ...e, projectId: P, type: 'track', event: 'viewed', timestamp: TS, receivedAt: TS, properties: {}, context: {} })),
  };
  return { seq, data: Buffer.from(JSON.stringify(batch)) };
}
function apiError(code: number): NatsError {
  const e = new NatsError('api error', '404');
  e.api_error = { code: 404, err_code: code, description: 'gone' };
  return e;
}

/** A fake JetStream: messages by position, every call recorded. */
function fakeNats(messages: Map<number, { seq: number; data: Buffer }>, fail?: { on: 'get' | 'delete' | 'publish'; error: unknown }) {
  const calls: string[] = [];
  const nc = {
    jetstreamManager: async () => ({
      streams: {
        getMessage: async (_s: string, q: { seq: number }) => {
          calls.push(`get ${q.seq}`);
          if (fail?.on === 'get') throw fail.error;
          const m = messages.get(q.seq);
          if (!m) throw apiError(10037);
          return m;
        },
        deleteMessage: async (_s: string, seq: number) => {
          calls.push(`delete ${seq}`);
          if (fail?.on === 'delete') throw fail.error;
          if (!messages.delete(seq)) throw apiError(10043);
          return true;
        },
      },
    }),
    jetstream: () => ({
      publish: async (_subject: string, data: Uint8Array, opts: { msgID: string }) => {
        calls.push(`publish ${opts.msgID} ${(JSON.parse(Buffer.from(data).toString()) as EventBatchMessage).events.map((e) => e.id).join(',')}`);
        if (fail?.on === 'publish') throw fail.error;
        return { stream: 'EVENTS', seq: 99, duplicate: false };
      },
    }),
  } as unknown as NatsConnection;
  return { nc, calls };
}

describe('EventStreamRedactor (JetStream half of an erasure)', () => {
  it('publishes the copy before deleting a mixed message, deletes the rest, skips what is gone', async () => {
    const messages = new Map([
      [3, stored(3, [{ id: 'a-e1', userId: 'a1' }, { id: 'b-e1', userId: 'ub' }])],
      [4, { seq: 4, data: Buffer.from('{"broken": "ua"}') }],
      // 5 is gone already (a retry after a crash)
    ]);
    const { nc, calls } = fakeNats(messages);
    const result = await new EventStreamRedactor(nc).redact(plan, 'E1');
    expect(calls).toEqual(['get 3', 'publish redaction:E1:3 b-e1', 'delete 3', 'delete 4', 'get 5']);
    expect(result).toEqual({ rewritten: 1, deleted: 1, extraEvents: [] });
  });

  it('reports events removed only by what they name, for DuckDB to delete too', async () => {
    const { nc } = fakeNats(new Map([[3, stored(3, [{ id: 'x-copy', userId: 'ua' }])]]));
    expect(await new EventStreamRedactor(nc).redact({ ...plan, eventSeqs: [3], rejectedSeqs: [] }, 'E1')).toEqual({
      rewritten: 0,
      deleted: 1,
      extraEvents: [{ id: 'x-copy', seq: 3 }],
    });
  });

  it.each([
    ['an unreachable broker', 'get', new NatsError('timeout', ErrorCode.Timeout), 'SERVICE_UNAVAILABLE'],
    ['a refused delete', 'delete', apiError(10052), 'INTERNAL'],
    ['a failed publish', 'publish', new NatsError('no responders', ErrorCode.NoResponders), 'SERVICE_UNAVAILABLE'],
  ] as const)('turns %s into a coded, retryable error and never deletes before the copy is acked', async (_what, on, error, code) => {
    const { nc, calls } = fakeNats(new Map([[3, stored(3, [{ id: 'a-e1', userId: 'a1' }, { id: 'b-e1', userId: 'ub' }])]]), { on, error });
    await expect(new EventStreamRedactor(nc).redact({ ...plan, eventSeqs: [3], rejectedSeqs: [] }, 'E1')).rejects.toMatchObject({
      code,
      details: { stage: 'stream', retryable: true },
    });
    if (on === 'publish') expect(calls).not.toContain('delete 3');
  });

  it('refuses to touch a position that does not hold this project’s events', async () => {
    const { nc, calls } = fakeNats(new Map([[3, { seq: 3, data: Buffer.from('not json') }]]));
    await expect(new EventStreamRedactor(nc).redact({ ...plan, eventSeqs: [3], rejectedSeqs: [] }, 'E1')).rejects.toMatchObject({ code: 'INTERNAL', details: { stage: 'stream', seq: 3 } });
    expect(calls).toEqual(['get 3']);
  });
});
