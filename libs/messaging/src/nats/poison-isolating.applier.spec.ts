import { Logger } from '@nestjs/common';
import { type JsMsg, headers as natsHeaders } from 'nats';
import { applyIsolatingPoison, requestOf } from './poison-isolating.applier';

interface FakeMsg {
  seq: number;
  headers?: ReturnType<typeof natsHeaders>;
  info: { redeliveryCount: number };
  acks: number;
  naks: Array<number | undefined>;
  ack(): void;
  nak(delay?: number): void;
}

function msg(seq: number, redeliveryCount = 1, requestId?: string): FakeMsg {
  const h = natsHeaders();
  if (requestId !== undefined) h.set('X-Request-Id', requestId);
  return {
    seq,
    ...(requestId !== undefined && { headers: h }),
    info: { redeliveryCount },
    acks: 0,
    naks: [],
    ack() {
      this.acks += 1;
    },
    nak(delay?: number) {
      this.naks.push(delay);
    },
  };
}

const logger = new Logger('test');
logger.warn = jest.fn();
logger.error = jest.fn();

function options(poison: Set<number>, keptAside: Array<[number, string]>, keepAsideFails = false) {
  return {
    apply: async (batch: JsMsg[]) => {
      const bad = batch.find((m) => poison.has(m.seq));
      if (bad) throw new Error(`bad ${bad.seq}`);
    },
    keepAside: async (m: JsMsg, reason: string) => {
      if (keepAsideFails) throw new Error('store down');
      keptAside.push([m.seq, reason]);
    },
    maxAttempts: 3,
    retryDelayMs: 100,
    logger,
    label: 'message',
  };
}

describe('applyIsolatingPoison', () => {
  it('acks a batch that applies', async () => {
    const batch = [msg(1), msg(2)];
    await applyIsolatingPoison(batch as unknown as JsMsg[], options(new Set(), []));
    expect(batch.map((m) => [m.acks, m.naks.length])).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });

  it('applies a failing batch one by one: good messages acked, the bad one retried later with backoff', async () => {
    const batch = [msg(1), msg(2, 2), msg(3)];
    const kept: Array<[number, string]> = [];
    await applyIsolatingPoison(batch as unknown as JsMsg[], options(new Set([2]), kept));
    expect(batch.map((m) => m.acks)).toEqual([1, 0, 1]);
    expect(batch[1].naks).toEqual([200]);
    expect(kept).toEqual([]);
  });

  it('keeps a message aside with the reason after maxAttempts deliveries, and acks it', async () => {
    const bad = msg(7, 3);
    const kept: Array<[number, string]> = [];
    await applyIsolatingPoison([bad] as unknown as JsMsg[], options(new Set([7]), kept));
    expect(kept).toEqual([[7, 'bad 7']]);
    expect([bad.acks, bad.naks]).toEqual([1, []]);
  });

  it('redelivers a message it could not keep aside (never acks what was not stored)', async () => {
    const bad = msg(7, 5);
    await applyIsolatingPoison([bad] as unknown as JsMsg[], options(new Set([7]), [], true));
    expect([bad.acks, bad.naks]).toEqual([0, [100]]);
  });

  it('names the request of each message in its log lines, and the requests of a failing batch', async () => {
    (logger.warn as jest.Mock).mockClear();
    (logger.error as jest.Mock).mockClear();
    const batch = Array.from({ length: 7 }, (_, i) => msg(i + 1, i === 0 ? 3 : 1, i === 6 ? 'bad id!' : `req-${i + 1}`));
    await applyIsolatingPoison(batch as unknown as JsMsg[], options(new Set([1, 2]), []));
    const warned = (logger.warn as jest.Mock).mock.calls.map((c) => String(c[0]));
    const errored = (logger.error as jest.Mock).mock.calls.map((c) => String(c[0]));
    expect(warned[0]).toMatch(/^batch of 7 messages failed \(bad 1\); applying one by one \[req req-1, req-2, req-3, req-4, req-5, … \+1\]$/);
    expect(warned).toContain('message 2 [req req-2] failed (attempt 1): bad 2; retrying later');
    expect(errored).toEqual(['message 1 [req req-1] rejected: bad 1']);
  });

  it('reads the request id case-insensitively and ignores a missing or malformed one', () => {
    const lower = natsHeaders();
    lower.set('x-request-id', 'abc.1');
    expect(requestOf({ headers: lower })).toBe(' [req abc.1]');
    expect(requestOf({ headers: undefined })).toBe('');
    const bad = natsHeaders();
    bad.set('X-Request-Id', 'a b');
    expect(requestOf({ headers: bad })).toBe('');
  });
});
