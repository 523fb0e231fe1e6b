import type { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { envelopeHeaders } from '../envelope/envelope.headers';
import type { RequestEnvelope } from '../envelope/request-envelope';
import { ensureStream } from './jetstream-setup';

const PUBLISH_ACK_TIMEOUT_MS = 10_000;

/** Where a service keeps its audit outbox rows (its own table) and how a row becomes an audit action. */
export interface AuditOutboxSource<Row extends { id: string }> {
  /** Up to `limit` unpublished rows, in commit order. */
  unpublished(limit: number): Promise<Row[]>;
  /** Marks rows JetStream acknowledged. */
  markPublished(ids: readonly string[]): Promise<void>;
  /** The audit action message (rebuilt from the row byte for byte, so a re-publish is a duplicate). */
  message(row: Row): unknown;
  /** The envelope of the request that made the change (actor, project, request id). */
  envelope(row: Row): RequestEnvelope;
}

export interface AuditOutboxOptions {
  logger: Logger;
  /** What the log line calls the rows, e.g. "backlog audit actions". */
  label: string;
  /** Rows published per read; a longer queue is drained read after read. */
  batch: number;
  /** Commits within this window (and during a pass) share one pass. */
  coalesceMs: number;
  /** While the AUDIT stream cannot be reached, a pass is tried again this often. */
  retryMs: number;
}

/**
 * A service's audit outbox, published to the AUDIT stream. A change commits its outbox row in its
 * own transaction; after each commit (`notifyCommitted`), at start and on a retry timer while the
 * AUDIT stream is unreachable, a pass publishes the unpublished rows in commit order
 * (`Nats-Msg-Id` = the row id, headers = the envelope of the request that made the change; each
 * publish awaits its ack, so the stream keeps commit order) and then marks the acknowledged ones
 * in one statement, also when a later publish failed. A crash in between publishes a row again:
 * JetStream's duplicate window and governance's id key absorb it. A reply never waits for, nor
 * fails with, a publication. One pass runs at a time; commits meanwhile make it read once more.
 */
export class AuditOutboxPublisher<Row extends { id: string }> {
  private streamReady = false;
  private retry: NodeJS.Timeout | undefined;
  private scheduled: NodeJS.Timeout | undefined;
  private closed = false;
  private running: Promise<number> | undefined;
  private again = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly source: AuditOutboxSource<Row>,
    private readonly options: AuditOutboxOptions,
  ) {}

  /** After a transaction with an outbox row committed: a pass within `coalesceMs`. Nobody waits for it. */
  notifyCommitted(): void {
    if (this.closed || this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      void this.publishPending();
    }, this.options.coalesceMs);
    this.scheduled.unref();
  }

  /**
   * Publishes every unpublished row; resolves with how many this call published. Never throws.
   * Calls while a pass is in flight make it run once more (rows committed meanwhile are not left
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

  /** Before NATS drains and the database closes: no new pass; the one in flight finishes. Rows committed since wait for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.scheduled) clearTimeout(this.scheduled);
    this.retry = undefined;
    this.scheduled = undefined;
    await this.running;
  }

  private async drain(): Promise<number> {
    let published = 0;
    if (this.closed) return published;
    try {
      for (;;) {
        const pending = await this.source.unpublished(this.options.batch);
        if (pending.length === 0) break;
        if (!this.streamReady) {
          // The AUDIT stream may not exist yet when governance has not run.
          await ensureStream(await this.nc.jetstreamManager(), STREAMS.audit);
          this.streamReady = true;
        }
        const acknowledged: string[] = [];
        try {
          for (const row of pending) {
            await this.nc.jetstream().publish(SUBJECTS.auditActionRecorded, Buffer.from(JSON.stringify(this.source.message(row))), {
              msgID: row.id,
              headers: envelopeHeaders(this.source.envelope(row)),
              timeout: PUBLISH_ACK_TIMEOUT_MS,
            });
            acknowledged.push(row.id);
          }
        } finally {
          // What JetStream acknowledged is not sent again, even when a later publish failed.
          await this.source.markPublished(acknowledged);
          published += acknowledged.length;
        }
        if (pending.length < this.options.batch || this.closed) break;
      }
    } catch (error) {
      // Ensure the stream again next time: it may be what went missing.
      this.streamReady = false;
      this.options.logger.warn(
        `${this.options.label} not all published (retry in ${this.options.retryMs} ms): ${error instanceof Error ? error.message : String(error)}`,
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
    }, this.options.retryMs);
    this.retry.unref();
  }
}
