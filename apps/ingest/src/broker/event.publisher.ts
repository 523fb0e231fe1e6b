import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JetStreamClient, NatsConnection } from 'nats';
import { type CanonicalEvent, DomainError, INGEST_LIMITS, SUBJECTS } from '@fulcrum/contracts';
import { isBrokerUnavailable } from '@fulcrum/messaging';
import { NATS_CONNECTION } from './broker.constants';
import { encodeEventBatches } from './event-batch.encoder';

/** How long we wait for JetStream's acknowledgement before telling the client to retry. */
const PUBLISH_ACK_TIMEOUT_MS = 5_000;

/**
 * Publishes a request's events to JetStream and resolves only when every message is acknowledged
 * (persisted). All messages of a request are in flight at once; never one await per event.
 */
@Injectable()
export class EventPublisher {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly js: JetStreamClient;

  constructor(@Inject(NATS_CONNECTION) nc: NatsConnection) {
    this.js = nc.jetstream({ timeout: PUBLISH_ACK_TIMEOUT_MS });
  }

  async publish(projectId: string, events: readonly CanonicalEvent[]): Promise<void> {
    if (events.length === 0) return;
    const batches = encodeEventBatches(projectId, events, INGEST_LIMITS.maxMessageBytes);
    const results = await Promise.allSettled(
      batches.map((b) => this.js.publish(SUBJECTS.eventsAccepted, b.data, { msgID: b.batchId, timeout: PUBLISH_ACK_TIMEOUT_MS })),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failure) return;
    if (isBrokerUnavailable(failure.reason)) {
      throw new DomainError('BROKER_UNAVAILABLE', 'The event broker is unavailable; nothing of this request may be assumed stored. Retry later.');
    }
    this.logger.error(`JetStream publish failed: ${String((failure.reason as Error)?.stack ?? failure.reason)}`);
    throw failure.reason;
  }
}
