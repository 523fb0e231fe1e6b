import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { ensureStream, envelopeHeaders } from '@fulcrum/messaging';
import { NATS_CONNECTION } from '../broker/broker.constants';
import { TrackingPlanRepository } from './tracking-plan.repository';
import { trackingPlanAuditEnvelope, trackingPlanAuditMessage } from './tracking-plan-audit.message';

const PUBLISH_ACK_TIMEOUT_MS = 10_000;
/** Rows published per read. */
const BATCH = 200;
/** Commits within this window after one share one pass. */
const COALESCE_MS = 20;
/** While the AUDIT stream cannot be reached, the outbox tries again this often. */
export const TRACKING_PLAN_AUDIT_RETRY_MS = 5_000;

/**
 * Outbox of the plan's audit actions (publishes and mode changes). The change commits its outbox
 * row in its own transaction; after each commit (and at start, and on a retry timer while the
 * AUDIT stream is unreachable) this publishes the unpublished rows in commit order to the AUDIT
 * stream (`Nats-Msg-Id` = the row id, headers = the envelope of the request that made the change),
 * then marks them. A crash in between publishes a row again: JetStream's duplicate window and
 * governance's id key absorb it. A reply never waits for, nor fails with, a publication. Every
 * replica runs one; a row two replicas publish at once is absorbed the same way.
 */
@Injectable()
export class TrackingPlanAuditOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TrackingPlanAudit');
  private streamReady = false;
  private retry: NodeJS.Timeout | undefined;
  private scheduled: NodeJS.Timeout | undefined;
  private closed = false;
  private running: Promise<number> | undefined;
  private again = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly repository: TrackingPlanRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.publishPending();
  }

  /** Before the NATS connection drains and the database closes: no new pass; the one running finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.scheduled) clearTimeout(this.scheduled);
    this.retry = undefined;
    this.scheduled = undefined;
    await this.running;
  }

  /** After a transaction with an audit row committed: a pass within `COALESCE_MS`. Nobody waits for it. */
  notifyCommitted(): void {
    if (this.closed || this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.publishPending();
    }, COALESCE_MS);
    this.scheduled.unref();
  }

  /** Publishes every unpublished row; resolves with how many this call published. Never throws. */
  publishPending(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      let total = 0;
      do {
        this.again = false;
        total += await this.drain();
      } while (this.again && !this.closed);
      return total;
    })();
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }

  private async drain(): Promise<number> {
    let published = 0;
    if (this.closed) return published;
    try {
      for (;;) {
        const pending = await this.repository.unpublishedAudit(BATCH);
        if (pending.length === 0) break;
        if (!this.streamReady) {
          // The AUDIT stream may not exist yet when governance has not run.
          await ensureStream(await this.nc.jetstreamManager(), STREAMS.audit);
          this.streamReady = true;
        }
        const acknowledged: string[] = [];
        try {
          for (const row of pending) {
            await this.nc.jetstream().publish(SUBJECTS.auditActionRecorded, Buffer.from(JSON.stringify(trackingPlanAuditMessage(row))), {
              msgID: row.id,
              headers: envelopeHeaders(trackingPlanAuditEnvelope(row)),
              timeout: PUBLISH_ACK_TIMEOUT_MS,
            });
            acknowledged.push(row.id);
          }
        } finally {
          // What JetStream acknowledged is not sent again, even when a later publish failed.
          await this.repository.markAuditPublished(acknowledged);
          published += acknowledged.length;
        }
        if (pending.length < BATCH || this.closed) break;
      }
    } catch (error) {
      this.streamReady = false;
      this.logger.warn(
        `tracking plan audit actions not all published (retry in ${TRACKING_PLAN_AUDIT_RETRY_MS} ms): ${error instanceof Error ? error.message : String(error)}`,
      );
      this.scheduleRetry();
    }
    return published;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.publishPending();
    }, TRACKING_PLAN_AUDIT_RETRY_MS);
    this.retry.unref();
  }
}
