import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg, type NatsConnection, nanos } from 'nats';
import { CONSUMERS, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { ensureStream } from '@fulcrum/messaging';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../config/analytics.env';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import { decodeEventBatch } from './event-batch.decoder';
import { type DecodedMessage, EventStore, type RejectedMessage } from './event.store';

/**
 * Unacknowledged messages (e.g. of a crashed process) are redelivered after this long. A slow
 * write that outlives it only causes a redelivery, which the event-id key absorbs.
 */
const ACK_WAIT_MS = 15_000;
const RETRY_DELAY_MS = 1_000;
/** Deliveries of a message that fails on its own before it is set aside in `rejected_messages`. */
const MAX_APPLY_ATTEMPTS = 5;

/**
 * Durable JetStream pull consumer feeding DuckDB. Messages that arrived while the previous batch
 * was being written form the next batch (large batches under load, low latency when idle).
 * Acknowledges only after DuckDB committed; a failure naks the batch, and a message that fails on
 * its own is kept in `rejected_messages` with the reason (poison isolation), never dropped.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventConsumer.name);
  private messages?: ConsumerMessages;
  private stopping = false;
  private loop?: Promise<void>;
  private readonly buffer: JsMsg[] = [];
  private wake: () => void = () => undefined;

  private readonly maxMessagesPerBatch: number;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly store: EventStore,
    @Inject(ANALYTICS_CONFIG) config: AnalyticsConfig,
  ) {
    this.maxMessagesPerBatch = config.maxMessagesPerBatch;
  }

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, STREAMS.events);
    const hasState = await this.store.init(async () => Math.max(0, (await jsm.streams.info(STREAMS.events.name)).state.first_seq - 1));
    const settings = { ack_wait: nanos(ACK_WAIT_MS), max_ack_pending: this.maxMessagesPerBatch * 4, max_deliver: -1 };
    let existing = await jsm.consumers.info(STREAMS.events.name, CONSUMERS.analyticsEvents).catch(() => undefined);
    if (existing && !hasState && existing.delivered.stream_seq > 0) {
      // The DuckDB file is new (or was lost) but the durable consumer has already acknowledged
      // messages: rebuild from the start of the stream instead of silently missing them.
      this.logger.warn(`no data version in ${CONSUMERS.analyticsEvents}'s store: replaying the stream from the start`);
      await jsm.consumers.delete(STREAMS.events.name, CONSUMERS.analyticsEvents);
      existing = undefined;
    }
    if (existing) {
      await jsm.consumers.update(STREAMS.events.name, CONSUMERS.analyticsEvents, settings);
    } else {
      await jsm.consumers.add(STREAMS.events.name, {
        durable_name: CONSUMERS.analyticsEvents,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: SUBJECTS.eventsAccepted,
        ...settings,
      });
    }
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.nc.jetstream().consumers.get(STREAMS.events.name, CONSUMERS.analyticsEvents);
        // The client pulls in the background and hands messages to the callback; the loop below
        // applies whatever accumulated since the last write. `max_ack_pending` bounds the buffer.
        this.messages = await consumer.consume({
          max_messages: this.maxMessagesPerBatch * 2,
          callback: (m) => {
            this.buffer.push(m);
            this.wake();
          },
        });
        let isClosed = false;
        const closed = this.messages.closed().then((err) => {
          if (err) this.logger.warn(`consumer closed: ${err.message}`);
          isClosed = true;
          this.wake();
        });
        while (!this.stopping && !isClosed) {
          if (this.buffer.length === 0) await this.waitForMessages();
          while (this.buffer.length > 0) await this.applyAndAck(this.buffer.splice(0, this.maxMessagesPerBatch));
        }
        await closed;
      } catch (error) {
        if (this.stopping) break;
        this.logger.error(`consumer loop failed, restarting in ${RETRY_DELAY_MS} ms: ${(error as Error).message}`);
        await sleep(RETRY_DELAY_MS);
      }
    }
  }

  private waitForMessages(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = () => undefined;
        resolve();
      };
    });
  }

  private async applyAndAck(batch: JsMsg[]): Promise<void> {
    const { accepted, rejected } = decodeAll(batch);
    try {
      await this.store.apply(accepted, rejected);
      for (const m of batch) m.ack();
      return;
    } catch (error) {
      if (batch.length === 1) {
        await this.retryOrReject(batch[0], error);
        return;
      }
      this.logger.warn(`batch of ${batch.length} messages failed (${(error as Error).message}); applying one by one`);
    }
    for (const m of batch) await this.applyAndAck([m]);
  }

  /**
   * A message that fails on its own is retried later (the failure may be passing); after
   * MAX_APPLY_ATTEMPTS deliveries it is kept in `rejected_messages` with the reason, so it neither
   * blocks the stream nor disappears. If even that write fails, it is redelivered.
   */
  private async retryOrReject(m: JsMsg, cause: unknown): Promise<void> {
    if (m.info.redeliveryCount < MAX_APPLY_ATTEMPTS) {
      this.logger.warn(`message ${m.seq} failed (attempt ${m.info.redeliveryCount}): ${(cause as Error).message}; retrying later`);
      m.nak(RETRY_DELAY_MS * m.info.redeliveryCount);
      return;
    }
    try {
      await this.store.apply([], [{ seq: m.seq, reason: `apply failed: ${(cause as Error).message}`, payload: m.string() }]);
      this.logger.error(`message ${m.seq} rejected: ${(cause as Error).message}`);
      m.ack();
    } catch (error) {
      this.logger.error(`message ${m.seq} could not be stored (${(error as Error).message}); will be redelivered`);
      m.nak(RETRY_DELAY_MS);
    }
  }
}

function decodeAll(batch: readonly JsMsg[]): { accepted: DecodedMessage[]; rejected: RejectedMessage[] } {
  const accepted: DecodedMessage[] = [];
  const rejected: RejectedMessage[] = [];
  for (const m of batch) {
    const outcome = decodeEventBatch(m.data);
    if (outcome.ok) accepted.push({ seq: m.seq, batch: outcome.batch, payload: outcome.payload });
    else rejected.push({ seq: m.seq, reason: outcome.reason, payload: m.string() });
  }
  return { accepted, rejected };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
