import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type JetStreamClient, type NatsConnection, NatsError } from 'nats';
import { type CanonicalEvent, DomainError, INGEST_LIMITS, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import {
  type RequestEnvelope,
  childTraceparent,
  currentEnvelope,
  ensureStream,
  envelopeHeaders,
  isActorId,
  isBrokerUnavailable,
  serviceEnvelope,
} from '@fulcrum/messaging';
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

  private lastStreamCheck = 0;

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {
    this.js = nc.jetstream({ timeout: PUBLISH_ACK_TIMEOUT_MS });
  }

  /**
   * Every message carries the request envelope: the request id and trace of the HTTP request, the
   * project, and as actor the write key (`write-key:<id>`) when given, else `service:ingest`.
   */
  async publish(projectId: string, events: readonly CanonicalEvent[], options: { writeKeyId?: string } = {}): Promise<void> {
    if (events.length === 0) return;
    const batches = encodeEventBatches(projectId, events, INGEST_LIMITS.maxMessageBytes);
    const envelope = this.envelopeFor(projectId, options.writeKeyId);
    const results = await Promise.allSettled(
      batches.map((b) =>
        // One header set per message: the client adds Nats-Msg-Id to the set it is given.
        this.js.publish(SUBJECTS.eventsAccepted, b.data, { msgID: b.batchId, headers: envelopeHeaders(envelope), timeout: PUBLISH_ACK_TIMEOUT_MS }),
      ),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failure) return;
    if (isBrokerUnavailable(failure.reason)) {
      this.logger.warn(`JetStream unavailable, answering 503: ${(failure.reason as Error).message}`);
      if (isNoResponders(failure.reason)) this.recreateStreamSoon();
      throw new DomainError('BROKER_UNAVAILABLE', 'The event broker is unavailable; nothing of this request may be assumed stored. Retry later.');
    }
    this.logger.error(`JetStream publish failed: ${String((failure.reason as Error)?.stack ?? failure.reason)}`);
    throw failure.reason;
  }

  private envelopeFor(projectId: string, writeKeyId: string | undefined): RequestEnvelope {
    const request = currentEnvelope() ?? serviceEnvelope('ingest');
    const actorId = writeKeyId !== undefined && isActorId(`write-key:${writeKeyId}`) ? `write-key:${writeKeyId}` : request.actorId;
    return { actorId, projectId, requestId: request.requestId, traceparent: childTraceparent(request.traceparent) };
  }

  /**
   * "No responders" on a publish means no stream listens on the subject (a new or wiped server).
   * Re-create it, at most once a second; the client's retry then lands.
   */
  private recreateStreamSoon(): void {
    if (Date.now() - this.lastStreamCheck < 1_000) return;
    this.lastStreamCheck = Date.now();
    this.nc
      .jetstreamManager()
      .then((jsm) => ensureStream(jsm, STREAMS.events))
      .then(
        () => this.logger.warn(`stream ${STREAMS.events.name} was missing and has been re-created`),
        (error: unknown) => this.logger.warn(`could not re-create stream ${STREAMS.events.name}: ${(error as Error).message}`),
      );
  }
}

function isNoResponders(error: unknown): boolean {
  return error instanceof NatsError && error.code === ErrorCode.NoResponders;
}
