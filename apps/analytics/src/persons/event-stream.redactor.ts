import { Inject, Injectable, Logger } from '@nestjs/common';
import { type JetStreamManager, type NatsConnection, type StoredMsg, headers } from 'nats';
import { DomainError, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { childTraceparent, currentEnvelope, envelopeHeaders, isBrokerUnavailable } from '@fulcrum/messaging';
import { decodeEventBatch } from '../events/event-batch.decoder';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import type { ErasurePlan } from './erasure-plan.reader';
import { redactEventBatch, redactedBatchId } from './event-redaction';

const PUBLISH_ACK_TIMEOUT_MS = 10_000;
/** Header naming the position a redacted copy replaces (operators can follow a rewrite). */
export const REDACTION_OF_HEADER = 'Fulcrum-Redaction-Of';

export interface StreamRedactionResult {
  rewritten: number;
  deleted: number;
  /** Events removed from a message that DuckDB stored from that very message but the plan had not found (deleted too). */
  extraEvents: Array<{ id: string; seq: number }>;
}

/**
 * The JetStream half of an erasure, done before DuckDB's: for each message holding the person's
 * events, publish a copy without them (when others remain), wait for its ack, then delete the
 * original with `erase` (the stored bytes are overwritten). A message already gone counts as done,
 * so a retry after a crash between the two halves finishes the work.
 */
@Injectable()
export class EventStreamRedactor {
  private readonly logger = new Logger(EventStreamRedactor.name);

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async redact(plan: ErasurePlan, erasureId: string): Promise<StreamRedactionResult> {
    const jsm = await this.broker('connect to JetStream', () => this.nc.jetstreamManager());
    const result: StreamRedactionResult = { rewritten: 0, deleted: 0, extraEvents: [] };
    const rejected = new Set(plan.rejectedSeqs);
    const seqs = [...new Set([...plan.eventSeqs, ...plan.rejectedSeqs])].sort((a, b) => a - b);
    for (const seq of seqs) {
      if (rejected.has(seq)) {
        // Never applied: nothing of it is in `events`; it goes whole.
        if (await this.delete(jsm, seq)) result.deleted++;
        continue;
      }
      const stored = await this.get(jsm, seq);
      if (!stored) continue;
      const decoded = decodeEventBatch(stored.data);
      if (!decoded.ok || decoded.batch.projectId !== plan.projectId) {
        // DuckDB stored this position's events, so the message was valid and of this project;
        // anything else means the stream is not what DuckDB says. Touch nothing there.
        throw new DomainError('INTERNAL', `Stream message ${seq} does not hold this project's events; nothing in DuckDB was changed.`, {
          stage: 'stream',
          seq,
        });
      }
      // The message as received: events set aside in rejected_events are judged (and kept or removed) too.
      const setAside = new Set(decoded.rejectedEvents.map((r) => r.position));
      const redaction = redactEventBatch(decoded.received.payload, decoded.received.batch, plan, redactedBatchId(decoded.batch.batchId, seq), setAside);
      if (redaction.kind === 'untouched') continue;
      for (const id of redaction.removedEventIds) if (!plan.eventIds.has(id)) result.extraEvents.push({ id, seq });
      if (redaction.kind === 'rewrite') {
        await this.publishCopy(erasureId, seq, redaction.payload);
        if (await this.delete(jsm, seq)) result.rewritten++;
      } else if (await this.delete(jsm, seq)) {
        result.deleted++;
      }
    }
    return result;
  }

  private get(jsm: JetStreamManager, seq: number): Promise<StoredMsg | undefined> {
    return this.broker(`read stream message ${seq}`, async () => {
      try {
        return await jsm.streams.getMessage(STREAMS.events.name, { seq });
      } catch (error) {
        if (isMessageGone(error)) return undefined;
        throw error;
      }
    });
  }

  /** True when this call deleted it; false when it was already gone. */
  private delete(jsm: JetStreamManager, seq: number): Promise<boolean> {
    return this.broker(`delete stream message ${seq}`, async () => {
      try {
        return await jsm.streams.deleteMessage(STREAMS.events.name, seq, true);
      } catch (error) {
        if (isMessageGone(error)) return false;
        throw error;
      }
    });
  }

  private async publishCopy(erasureId: string, seq: number, payload: string): Promise<void> {
    const h = headers();
    h.set(REDACTION_OF_HEADER, String(seq));
    // The copy carries the envelope of the erasure request that caused it.
    const envelope = currentEnvelope();
    if (envelope) envelopeHeaders({ ...envelope, traceparent: childTraceparent(envelope.traceparent) }, h);
    const ack = await this.broker(`publish the redacted copy of stream message ${seq}`, () =>
      this.nc.jetstream().publish(SUBJECTS.eventsAccepted, Buffer.from(payload), {
        msgID: `redaction:${erasureId}:${seq}`,
        headers: h,
        timeout: PUBLISH_ACK_TIMEOUT_MS,
      }),
    );
    if (ack.stream !== STREAMS.events.name) {
      throw new DomainError('INTERNAL', `The redacted copy of stream message ${seq} landed in stream ${ack.stream}, not ${STREAMS.events.name}.`, { stage: 'stream', seq });
    }
  }

  /**
   * A JetStream step of the erasure. Until DuckDB is changed, every step can be retried (a retry
   * finds the same rows, and messages already handled are gone), so failures say so.
   */
  private async broker<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const unavailable = isBrokerUnavailable(error);
      const api = (error as { api_error?: { err_code?: number; description?: string } })?.api_error;
      this.logger.error(`erasure: could not ${what}: ${error instanceof Error ? error.message : String(error)}${api ? ` (${api.err_code}: ${api.description})` : ''}`);
      throw new DomainError(
        unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL',
        `Could not ${what}. Nothing in DuckDB was changed yet; retrying the erasure completes it.`,
        { stage: 'stream', retryable: true },
      );
    }
  }
}

/** JetStream's "no message found" (10037, on get) and "sequence N not found" (10043, on delete). */
function isMessageGone(error: unknown): boolean {
  const code = (error as { api_error?: { err_code?: number } })?.api_error?.err_code;
  return code === 10037 || code === 10043;
}
