import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { NatsConnection } from 'nats';
import { DomainError, type ErasePersonReply, type ErasePersonRequest, STREAMS } from '@fulcrum/contracts';
import { isBrokerUnavailable, requireEnvelope } from '@fulcrum/messaging';
import { EventStore } from '../events/event.store';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import { type ErasureRecord, personHash } from './erasure-audit.message';
import { ErasureAuditOutbox } from './erasure-audit.outbox';
import { type ErasurePlan, readErasurePlan } from './erasure-plan.reader';
import { ErasureRepository, type NewErasure } from './erasure.repository';
import { EventStreamRedactor, type StreamRedactionResult } from './event-stream.redactor';

/** How long an erasure waits for the store to apply what the stream held when it was asked. */
const CATCH_UP_TIMEOUT_MS = 10_000;
const CATCH_UP_POLL_MS = 50;

/**
 * GDPR erasure of one person of a project (docs/privacy.md): the person's events leave the
 * JetStream copy first, then DuckDB (one transaction), then the `person.erased` audit action goes
 * out through the outbox. Runs in the event store's exclusive section: no batch is applied
 * meanwhile, and the erasure uses the writer connection between batches.
 */
@Injectable()
export class PersonErasureService {
  private readonly logger = new Logger(PersonErasureService.name);

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly store: EventStore,
    private readonly redactor: EventStreamRedactor,
    private readonly repository: ErasureRepository,
    private readonly outbox: ErasureAuditOutbox,
  ) {}

  /** Asked by the request envelope's actor, recorded with its display name, request id and trace. */
  async erase(request: ErasePersonRequest): Promise<ErasePersonReply> {
    const envelope = requireEnvelope();
    await this.catchUp();
    const record = await this.store.runExclusive(async (w) => {
      const plan = await readErasurePlan(w, request.projectId, request.distinctId);
      if (!plan) {
        throw new DomainError('NOT_FOUND', 'No event, identity link or rejected message of this project names that distinct id.', {
          projectId: request.projectId,
        });
      }
      const erasureId = randomUUID();
      const stream = await this.redactor.redact(plan, erasureId);
      const erasure: NewErasure = {
        id: erasureId,
        projectId: plan.projectId,
        personHash: personHash(plan.projectId, plan.personId),
        distinctIds: plan.ids.size,
        streamMessagesRewritten: stream.rewritten,
        streamMessagesDeleted: stream.deleted,
        reason: request.reason,
        requestedBy: envelope.actorId,
        ...(envelope.actorName !== undefined && { requestedByName: envelope.actorName }),
        requestId: envelope.requestId,
        traceparent: envelope.traceparent,
        erasedAt: new Date().toISOString(),
        dataVersion: this.store.dataVersion,
      };
      return this.commit(w, plan, stream, erasure);
    });
    const published = await this.outbox.publishPending();
    return {
      erasureId: record.id,
      erasedAt: record.erasedAt,
      distinctIds: record.distinctIds,
      eventsErased: record.eventsErased,
      streamMessagesRewritten: record.streamMessagesRewritten,
      streamMessagesDeleted: record.streamMessagesDeleted,
      rejectedMessagesDeleted: record.rejectedMessagesDeleted,
      dataVersion: String(record.dataVersion),
      auditPublished: published.has(record.id),
    };
  }

  private async commit(w: DuckDBConnection, plan: ErasurePlan, stream: StreamRedactionResult, erasure: NewErasure): Promise<ErasureRecord> {
    try {
      return await this.repository.commit(w, plan, stream, erasure);
    } catch (error) {
      this.logger.error(`erasure ${erasure.id}: DuckDB transaction failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new DomainError(
        'INTERNAL',
        'The event stream was redacted but the DuckDB part of the erasure failed and was rolled back; retrying the erasure completes it.',
        { stage: 'duckdb', retryable: true, streamMessagesRewritten: stream.rewritten, streamMessagesDeleted: stream.deleted },
      );
    }
  }

  /**
   * Everything in the stream when the request came must be applied first, so that DuckDB knows
   * every event and link of the person. Events published after the request are new data.
   */
  private async catchUp(): Promise<void> {
    let target: number;
    try {
      target = (await (await this.nc.jetstreamManager()).streams.info(STREAMS.events.name)).state.last_seq;
    } catch (error) {
      this.logger.error(`erasure: reading stream ${STREAMS.events.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new DomainError(isBrokerUnavailable(error) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL', `Could not read the position of stream ${STREAMS.events.name}; retry later.`, {
        stage: 'catch-up',
        retryable: true,
      });
    }
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    while (this.store.dataVersion < target) {
      if (Date.now() >= deadline) {
        throw new DomainError(
          'SERVICE_UNAVAILABLE',
          `The analytics store has not yet applied the event stream up to position ${target} (it is at ${this.store.dataVersion}); nothing was erased. Retry shortly.`,
          { stage: 'catch-up', retryable: true, dataVersion: String(this.store.dataVersion), streamPosition: String(target) },
        );
      }
      await new Promise((r) => setTimeout(r, CATCH_UP_POLL_MS));
    }
  }
}
