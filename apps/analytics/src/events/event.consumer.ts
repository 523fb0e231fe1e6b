import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { CONSUMERS, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { DurablePullLoop, applyIsolatingPoison, ensureDurableConsumer, ensureStream } from '@fulcrum/messaging';
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
 * Acknowledges only after DuckDB committed. A message that is not a valid batch is kept in
 * `rejected_messages`, an event the store cannot keep in `rejected_events` (the store isolates
 * those itself, event by event, in the same pass); only a batch that fails as a whole (disk,
 * memory) reaches the message-by-message fallback below, retried later, never dropped.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly loop: DurablePullLoop;
  private readonly maxMessagesPerBatch: number;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly store: EventStore,
    @Inject(ANALYTICS_CONFIG) config: AnalyticsConfig,
  ) {
    this.maxMessagesPerBatch = config.maxMessagesPerBatch;
    this.loop = new DurablePullLoop(nc, {
      stream: STREAMS.events.name,
      durableName: CONSUMERS.analyticsEvents,
      pullAhead: this.maxMessagesPerBatch * 2,
      maxBatch: this.maxMessagesPerBatch,
      retryDelayMs: RETRY_DELAY_MS,
      logger: this.logger,
      handle: (batch) => this.applyAndAck(batch),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, STREAMS.events);
    const hasState = await this.store.init(async () => Math.max(0, (await jsm.streams.info(STREAMS.events.name)).state.first_seq - 1));
    // Messages deleted by a GDPR erasure (or purged) are never delivered: do not wait for them.
    const { state } = await jsm.streams.info(STREAMS.events.name, { deleted_details: true });
    await this.store.markGone(state.first_seq, state.deleted ?? []);
    const existing = await jsm.consumers.info(STREAMS.events.name, CONSUMERS.analyticsEvents).catch(() => undefined);
    if (existing && !hasState && existing.delivered.stream_seq > 0) {
      // The DuckDB file is new (or was lost) but the durable consumer has already acknowledged
      // messages: rebuild from the start of the stream instead of silently missing them.
      this.logger.warn(`no data version in ${CONSUMERS.analyticsEvents}'s store: replaying the stream from the start`);
      await jsm.consumers.delete(STREAMS.events.name, CONSUMERS.analyticsEvents);
    }
    await ensureDurableConsumer(jsm, {
      stream: STREAMS.events.name,
      durableName: CONSUMERS.analyticsEvents,
      filterSubject: SUBJECTS.eventsAccepted,
      ackWaitMs: ACK_WAIT_MS,
      maxAckPending: this.maxMessagesPerBatch * 4,
    });
    this.loop.start();
  }

  /** Finishes the batch in hand; messages pulled but not applied are redelivered. */
  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private applyAndAck(batch: JsMsg[]): Promise<void> {
    return applyIsolatingPoison(batch, {
      apply: async (b) => {
        const { accepted, rejected } = decodeAll(b);
        await this.store.apply(accepted, rejected);
      },
      keepAside: async (m, reason) => {
        await this.store.apply([], [{ seq: m.seq, reason: `apply failed: ${reason}`, payload: m.string() }]);
      },
      maxAttempts: MAX_APPLY_ATTEMPTS,
      retryDelayMs: RETRY_DELAY_MS,
      logger: this.logger,
      label: 'message',
    });
  }
}

function decodeAll(batch: readonly JsMsg[]): { accepted: DecodedMessage[]; rejected: RejectedMessage[] } {
  const accepted: DecodedMessage[] = [];
  const rejected: RejectedMessage[] = [];
  for (const m of batch) {
    const outcome = decodeEventBatch(m.data);
    if (outcome.ok) {
      accepted.push({ seq: m.seq, batch: outcome.batch, payload: outcome.payload, rejectedEvents: outcome.rejectedEvents, positions: outcome.positions });
    }
    else rejected.push({ seq: m.seq, reason: outcome.reason, payload: m.string() });
  }
  return { accepted, rejected };
}
