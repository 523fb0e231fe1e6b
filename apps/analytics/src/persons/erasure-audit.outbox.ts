import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { ensureStream, envelopeHeaders, runWithEnvelope } from '@fulcrum/messaging';
import { ExclusiveSection } from '../events/exclusive.section';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import { erasureAuditEnvelope, erasureAuditMessage } from './erasure-audit.message';
import { ErasureRepository } from './erasure.repository';

const PUBLISH_ACK_TIMEOUT_MS = 10_000;
/** While an audit action is unpublished, try again this often (also at every start and erasure). */
const RETRY_MS = 30_000;

/**
 * Outbox of `person.erased` audit actions: the erasure commits its record with
 * `audit_published = false`; this publishes the action to the AUDIT stream (`Nats-Msg-Id` = the
 * erasure id) and then sets the flag. A crash in between publishes it again, which governance
 * ignores (same id, same content: the message is rebuilt from the stored record).
 */
@Injectable()
export class ErasureAuditOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ErasureAuditOutbox.name);
  private readonly section = new ExclusiveSection();
  private streamReady = false;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly repository: ErasureRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Never blocks the start: a broker problem leaves the actions for the retry.
    await this.publishPending();
  }

  /** Before NATS drains and DuckDB closes: no new attempt, and the one in flight finishes. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.section.run(async () => undefined);
  }

  /** Publishes every unpublished erasure; returns the ids now published. Never throws. */
  publishPending(): Promise<ReadonlySet<string>> {
    return this.section.run(async () => {
      const published = new Set<string>();
      if (this.closed) return published;
      try {
        const pending = await this.repository.unpublished();
        if (pending.length > 0 && !this.streamReady) {
          // The AUDIT stream may not exist yet when governance has not run.
          await ensureStream(await this.nc.jetstreamManager(), STREAMS.audit);
          this.streamReady = true;
        }
        for (const record of pending) {
          // With the envelope of the erasure request, also when published later by a retry.
          const envelope = erasureAuditEnvelope(record);
          await runWithEnvelope(envelope, async () => {
            await this.nc.jetstream().publish(SUBJECTS.auditActionRecorded, Buffer.from(JSON.stringify(erasureAuditMessage(record))), {
              msgID: record.id,
              headers: envelopeHeaders(envelope),
              timeout: PUBLISH_ACK_TIMEOUT_MS,
            });
            await this.repository.markPublished(record.id);
          });
          published.add(record.id);
        }
      } catch (error) {
        // Ensure the stream again next time: it may be what went missing.
        this.streamReady = false;
        this.logger.warn(`person.erased audit actions not all published (retry in ${RETRY_MS / 1000} s): ${error instanceof Error ? error.message : String(error)}`);
        this.scheduleRetry();
      }
      return published;
    });
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.publishPending();
    }, RETRY_MS);
    this.retry.unref();
  }
}
