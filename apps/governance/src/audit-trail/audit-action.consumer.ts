import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { CONSUMERS, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { DurablePullLoop, ENVELOPE_HEADERS, applyIsolatingPoison, decodeActorName, ensureDurableConsumer, ensureStream, isProjectId } from '@fulcrum/messaging';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import { decodeAuditAction } from './audit-action.decoder';
import { type AcceptedAuditAction, AuditActionStore } from './audit-action.store';
import type { RejectedAuditMessage } from './audit-rejected-messages.repository';

/** Unacknowledged messages are redelivered after this long; the source id key absorbs the repeat. */
const ACK_WAIT_MS = 15_000;
const RETRY_DELAY_MS = 1_000;
const MAX_MESSAGES_PER_BATCH = 200;
/** Deliveries of a message that fails on its own before it is set aside in `audit_rejected_messages`. */
const MAX_APPLY_ATTEMPTS = 5;

/**
 * Durable JetStream pull consumer of stream AUDIT: actions other services put on the audit trail.
 * Messages that arrived while the previous batch was written form the next batch, appended in one
 * transaction; acks go out only after the commit. A failing batch is retried message by message;
 * a message that keeps failing on its own, like an invalid one, is kept in
 * `audit_rejected_messages` with the reason and acknowledged — never dropped, never blocking.
 */
@Injectable()
export class AuditActionConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditActionConsumer.name);
  private readonly loop: DurablePullLoop;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly store: AuditActionStore,
  ) {
    this.loop = new DurablePullLoop(nc, {
      stream: STREAMS.audit.name,
      durableName: CONSUMERS.governanceAudit,
      pullAhead: MAX_MESSAGES_PER_BATCH * 2,
      maxBatch: MAX_MESSAGES_PER_BATCH,
      retryDelayMs: RETRY_DELAY_MS,
      logger: this.logger,
      handle: (batch) => this.applyAndAck(batch),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, STREAMS.audit);
    await ensureDurableConsumer(jsm, {
      stream: STREAMS.audit.name,
      durableName: CONSUMERS.governanceAudit,
      filterSubject: SUBJECTS.auditActionRecorded,
      ackWaitMs: ACK_WAIT_MS,
      maxAckPending: MAX_MESSAGES_PER_BATCH * 4,
    });
    this.loop.start();
  }

  /** Before the database closes: finish the batch in flight, leave the rest to redelivery. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private applyAndAck(batch: JsMsg[]): Promise<void> {
    return applyIsolatingPoison(batch, {
      apply: async (b) => {
        const { accepted, rejected } = decodeAll(b);
        await this.store.apply(accepted, rejected);
      },
      keepAside: async (m, reason) => {
        await this.store.apply([], [{ ...rejection(m, null), reason: `append failed: ${reason}` }]);
      },
      maxAttempts: MAX_APPLY_ATTEMPTS,
      retryDelayMs: RETRY_DELAY_MS,
      logger: this.logger,
      label: 'audit message',
    });
  }
}

function decodeAll(batch: readonly JsMsg[]): { accepted: AcceptedAuditAction[]; rejected: RejectedAuditMessage[] } {
  const accepted: AcceptedAuditAction[] = [];
  const rejected: RejectedAuditMessage[] = [];
  for (const m of batch) {
    const outcome = decodeAuditAction(m.data, header(m, ENVELOPE_HEADERS.actorId));
    if (outcome.ok) {
      accepted.push({
        streamSeq: m.seq,
        subject: m.subject,
        message: outcome.message,
        actor: outcome.actor,
        hash: outcome.hash,
        data: m.data,
        projectId: projectOf(m, outcome.message.payload),
        actorName: actorNameOf(m),
      });
    }
    else rejected.push({ ...rejection(m, outcome.messageId), reason: outcome.reason });
  }
  return { accepted, rejected };
}

function header(m: JsMsg, name: string): string | null {
  const value = m.headers?.get(name)?.trim();
  return value ? value : null;
}

/** The envelope's project header, else a UUID `projectId` of the payload (as `person.erased` carries it), else none. */
function projectOf(m: JsMsg, payload: Record<string, unknown>): string | null {
  const fromHeader = header(m, ENVELOPE_HEADERS.projectId);
  if (isProjectId(fromHeader)) return fromHeader.toLowerCase();
  const fromPayload = payload['projectId'];
  return isProjectId(fromPayload) ? fromPayload.toLowerCase() : null;
}

/** The envelope's display name (percent-encoded on the wire); a malformed one is left out, not trusted. */
function actorNameOf(m: JsMsg): string | null {
  const encoded = header(m, ENVELOPE_HEADERS.actorName);
  const name = encoded === null ? undefined : decodeActorName(encoded)?.trim();
  return name ? name : null;
}

function rejection(m: JsMsg, messageId: string | null): Omit<RejectedAuditMessage, 'reason'> {
  return { streamSeq: m.seq, subject: m.subject, messageId: messageId ?? (m.headers?.get('Nats-Msg-Id') || null), data: m.data };
}
