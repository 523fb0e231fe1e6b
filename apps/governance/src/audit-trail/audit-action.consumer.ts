import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg, type NatsConnection, nanos } from 'nats';
import { CONSUMERS, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { ensureStream } from '@fulcrum/messaging';
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
  private messages?: ConsumerMessages;
  private stopping = false;
  private loop?: Promise<void>;
  private readonly buffer: JsMsg[] = [];
  private wake: () => void = () => undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly store: AuditActionStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureStream(jsm, STREAMS.audit);
    const settings = { ack_wait: nanos(ACK_WAIT_MS), max_ack_pending: MAX_MESSAGES_PER_BATCH * 4, max_deliver: -1 };
    const existing = await jsm.consumers.info(STREAMS.audit.name, CONSUMERS.governanceAudit).catch(() => undefined);
    if (existing) {
      await jsm.consumers.update(STREAMS.audit.name, CONSUMERS.governanceAudit, settings);
    } else {
      await jsm.consumers.add(STREAMS.audit.name, {
        durable_name: CONSUMERS.governanceAudit,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: SUBJECTS.auditActionRecorded,
        ...settings,
      });
    }
    this.loop = this.run();
  }

  /** Before the database closes: finish the batch in flight, leave the rest to redelivery. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.nc.jetstream().consumers.get(STREAMS.audit.name, CONSUMERS.governanceAudit);
        this.messages = await consumer.consume({
          max_messages: MAX_MESSAGES_PER_BATCH * 2,
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
          while (!this.stopping && this.buffer.length > 0) await this.applyAndAck(this.buffer.splice(0, MAX_MESSAGES_PER_BATCH));
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
      this.logger.warn(`batch of ${batch.length} audit messages failed (${(error as Error).message}); applying one by one`);
    }
    for (const m of batch) await this.applyAndAck([m]);
  }

  /**
   * A message that fails on its own is retried later (the failure may be passing); after
   * MAX_APPLY_ATTEMPTS deliveries it is kept with the reason. If even that fails, it is redelivered.
   */
  private async retryOrReject(m: JsMsg, cause: unknown): Promise<void> {
    const reason = (cause as Error).message;
    if (m.info.redeliveryCount < MAX_APPLY_ATTEMPTS) {
      this.logger.warn(`audit message ${m.seq} failed (attempt ${m.info.redeliveryCount}): ${reason}; retrying later`);
      m.nak(RETRY_DELAY_MS * m.info.redeliveryCount);
      return;
    }
    try {
      await this.store.apply([], [{ ...rejection(m, null), reason: `append failed: ${reason}` }]);
      this.logger.error(`audit message ${m.seq} rejected: ${reason}`);
      m.ack();
    } catch (error) {
      this.logger.error(`audit message ${m.seq} could not be stored (${(error as Error).message}); will be redelivered`);
      m.nak(RETRY_DELAY_MS);
    }
  }
}

function decodeAll(batch: readonly JsMsg[]): { accepted: AcceptedAuditAction[]; rejected: RejectedAuditMessage[] } {
  const accepted: AcceptedAuditAction[] = [];
  const rejected: RejectedAuditMessage[] = [];
  for (const m of batch) {
    const outcome = decodeAuditAction(m.data);
    if (outcome.ok) accepted.push({ streamSeq: m.seq, subject: m.subject, message: outcome.message, hash: outcome.hash, data: m.data });
    else rejected.push({ ...rejection(m, outcome.messageId), reason: outcome.reason });
  }
  return { accepted, rejected };
}

function rejection(m: JsMsg, messageId: string | null): Omit<RejectedAuditMessage, 'reason'> {
  return { streamSeq: m.seq, subject: m.subject, messageId: messageId ?? (m.headers?.get('Nats-Msg-Id') || null), data: m.data };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
