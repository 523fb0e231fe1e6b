import { Logger } from '@nestjs/common';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JetStreamManager, type JsMsg, type NatsConnection, nanos } from 'nats';

export interface DurableConsumerSpec {
  stream: string;
  durableName: string;
  filterSubject: string;
  /** An unacknowledged message is redelivered after this long (e.g. after a crash). */
  ackWaitMs: number;
  /** Messages delivered but not yet acknowledged, at most. */
  maxAckPending: number;
}

/** Creates the durable pull consumer (explicit acks, deliver all, unlimited deliveries) or updates its limits. */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> {
  const settings = { ack_wait: nanos(spec.ackWaitMs), max_ack_pending: spec.maxAckPending, max_deliver: -1 };
  const existing = await jsm.consumers.info(spec.stream, spec.durableName).catch(() => undefined);
  if (existing) {
    await jsm.consumers.update(spec.stream, spec.durableName, settings);
    return;
  }
  await jsm.consumers.add(spec.stream, {
    durable_name: spec.durableName,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: spec.filterSubject,
    ...settings,
  });
}

export interface PullLoopOptions {
  stream: string;
  durableName: string;
  /** Messages the client pulls ahead of the one being handled. */
  pullAhead: number;
  /** Messages handed to `handle` at once: whatever accumulated, up to this many. */
  maxBatch: number;
  /** Handles a batch; acknowledging (or not) is its job. Throwing restarts the loop after `retryDelayMs`. */
  handle: (batch: JsMsg[]) => Promise<void>;
  retryDelayMs?: number;
  logger?: Logger;
}

/**
 * The consume loop shared by the durable pull consumers: the client pulls in the background into a
 * buffer, and the loop hands whatever accumulated since the last batch to `handle` (large batches
 * under load, low latency when idle). A closed or failing subscription is re-opened. `stop()`
 * finishes the batch in hand; messages pulled but not handled are not acknowledged, so JetStream
 * redelivers them.
 */
export class DurablePullLoop {
  private messages?: ConsumerMessages;
  private stopping = false;
  private loop?: Promise<void>;
  private readonly buffer: JsMsg[] = [];
  private wake: () => void = () => undefined;
  private readonly logger: Logger;
  private readonly retryDelayMs: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: PullLoopOptions,
  ) {
    this.logger = options.logger ?? new Logger(`DurablePullLoop:${options.durableName}`);
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { stream, durableName, pullAhead, maxBatch, handle } = this.options;
    while (!this.stopping) {
      try {
        const consumer = await this.nc.jetstream().consumers.get(stream, durableName);
        this.messages = await consumer.consume({
          max_messages: pullAhead,
          callback: (m) => {
            this.buffer.push(m);
            this.wake();
          },
        });
        if (this.stopping) this.messages.stop();
        let isClosed = false;
        const closed = this.messages.closed().then((err) => {
          if (err) this.logger.warn(`consumer closed: ${err.message}`);
          isClosed = true;
          this.wake();
        });
        while (!this.stopping && !isClosed) {
          if (this.buffer.length === 0) await this.waitForMessages();
          while (!this.stopping && this.buffer.length > 0) await handle(this.buffer.splice(0, maxBatch));
        }
        await closed;
      } catch (error) {
        if (this.stopping) break;
        this.logger.error(`consumer loop failed, restarting in ${this.retryDelayMs} ms: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, this.retryDelayMs));
      }
    }
    this.buffer.length = 0;
  }

  private waitForMessages(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = () => undefined;
        resolve();
      };
    });
  }
}
