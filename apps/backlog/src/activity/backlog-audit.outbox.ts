import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { ensureStream, envelopeHeaders, runWithEnvelope } from '@fulcrum/messaging';
import { BACKLOG_CONFIG, type BacklogConfig } from '../config/backlog.env';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import { ActivityOutboxRepository } from './activity-outbox.repository';
import { backlogAuditEnvelope, backlogAuditMessage } from './backlog-audit.message';

const PUBLISH_ACK_TIMEOUT_MS = 10_000;
/** Rows published per read; a longer queue is drained read after read. */
const BATCH = 500;
/**
 * How long after a commit the pass starts. Commits within this window (and during a pass) share
 * one pass: one read and one `UPDATE` for all of them, instead of a read and an update per commit
 * on the connection the next requests are waiting for.
 */
export const BACKLOG_AUDIT_COALESCE_MS = 20;

/**
 * Outbox of the backlog's audit actions. Changes commit their activity rows with
 * `audit_published = false`; after each commit (and at start, and on a retry timer while the
 * AUDIT stream is unreachable) this publishes them in commit order to the AUDIT stream
 * (`Nats-Msg-Id` = the activity id, headers = the envelope of the request that made the change,
 * project included, so governance files the entry under the right project and actor), then sets
 * the flag. A crash in between publishes a row again: JetStream's duplicate window and
 * governance's id key absorb it (the message is rebuilt from the row, byte for byte). A reply
 * never waits for, nor fails with, a publication.
 *
 * Off the request path: a commit only arms a timer (`BACKLOG_AUDIT_COALESCE_MS`); one pass runs at
 * a time, and commits meanwhile make it read once more when it ends. A pass reads up to `BATCH`
 * rows, publishes them one by one (each awaits its ack, so the stream keeps commit order), then
 * marks the acknowledged ones in one statement, also when a later publish failed.
 */
@Injectable()
export class BacklogAuditOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BacklogAuditOutbox.name);
  private streamReady = false;
  private retry: NodeJS.Timeout | undefined;
  private scheduled: NodeJS.Timeout | undefined;
  private closed = false;
  private running: Promise<number> | undefined;
  private again = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BACKLOG_CONFIG) private readonly config: BacklogConfig,
    private readonly repository: ActivityOutboxRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publishPending();
  }

  /** Before NATS drains and the database closes: no new attempt, and the one in flight finishes. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    // Rows committed since are left to the next start's pass.
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = undefined;
    await this.running;
  }

  /**
   * After a transaction that recorded activity committed: a pass within `BACKLOG_AUDIT_COALESCE_MS`,
   * shared with every other commit until it starts. Nobody waits for it.
   */
  notifyCommitted(): void {
    if (this.closed || this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.publishPending();
    }, BACKLOG_AUDIT_COALESCE_MS);
    this.scheduled.unref();
  }

  /**
   * Publishes every unpublished row; resolves with how many this call published. Never throws.
   * Calls while a run is in flight make it run once more (rows committed meanwhile are not left
   * behind) and share its result.
   */
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
        const pending = await this.repository.unpublished(BATCH);
        if (pending.length === 0) break;
        if (!this.streamReady) {
          // The AUDIT stream may not exist yet when governance has not run.
          await ensureStream(await this.nc.jetstreamManager(), STREAMS.audit);
          this.streamReady = true;
        }
        const acknowledged: string[] = [];
        try {
          for (const activity of pending) {
            const envelope = backlogAuditEnvelope(activity);
            await runWithEnvelope(envelope, () =>
              this.nc.jetstream().publish(SUBJECTS.auditActionRecorded, Buffer.from(JSON.stringify(backlogAuditMessage(activity))), {
                msgID: activity.id,
                headers: envelopeHeaders(envelope),
                timeout: PUBLISH_ACK_TIMEOUT_MS,
              }),
            );
            acknowledged.push(activity.id);
          }
        } finally {
          // What JetStream acknowledged is not sent again, even when a later publish failed.
          await this.repository.markPublished(acknowledged);
          published += acknowledged.length;
        }
        if (pending.length < BATCH || this.closed) break;
      }
    } catch (error) {
      // Ensure the stream again next time: it may be what went missing.
      this.streamReady = false;
      this.logger.warn(`backlog audit actions not all published (retry in ${this.config.auditRetryMs} ms): ${error instanceof Error ? error.message : String(error)}`);
      this.scheduleRetry();
    }
    return published;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.publishPending();
    }, this.config.auditRetryMs);
    this.retry.unref();
  }
}
