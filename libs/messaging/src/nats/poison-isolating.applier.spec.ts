import { Logger } from '@nestjs/common';
import type { JsMsg } from 'nats';
import { applyIsolatingPoison } from './poison-isolating.applier';

interface FakeMsg {
  seq: number;
  info: { redeliveryCount: number };
  acks: number;
  naks: Array<number | undefined>;
  ack(): void;
  nak(delay?: number): void;
}

function msg(seq: number, redeliveryCount = 1): FakeMsg {
  return {
    seq,
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
});
