import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { AuditOutboxPublisher } from '@fulcrum/messaging';
import { BACKLOG_CONFIG, type BacklogConfig } from '../config/backlog.env';
import { NATS_CONNECTION } from '../infrastructure/infrastructure.tokens';
import { ActivityOutboxRepository } from './activity-outbox.repository';
import { type StoredActivity, backlogAuditEnvelope, backlogAuditMessage } from './backlog-audit.message';

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
 * AUDIT stream is unreachable) they are published in commit order to the AUDIT stream
 * (`Nats-Msg-Id` = the activity id, headers = the envelope of the request that made the change,
 * project included, so governance files the entry under the right project and actor), then the
 * flag is set: `AuditOutboxPublisher` (libs/messaging) does the passes, this wires it to the
 * backlog's table and message. A reply never waits for, nor fails with, a publication.
 */
@Injectable()
export class BacklogAuditOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly publisher: AuditOutboxPublisher<StoredActivity>;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(BACKLOG_CONFIG) config: BacklogConfig,
    repository: ActivityOutboxRepository,
  ) {
    this.publisher = new AuditOutboxPublisher(
      nc,
      {
        unpublished: (limit) => repository.unpublished(limit),
        markPublished: (ids) => repository.markPublished(ids),
        message: backlogAuditMessage,
        envelope: backlogAuditEnvelope,
      },
      { logger: new Logger(BacklogAuditOutbox.name), label: 'backlog audit actions', batch: BATCH, coalesceMs: BACKLOG_AUDIT_COALESCE_MS, retryMs: config.auditRetryMs },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.publishPending();
  }

  /** Before NATS drains and the database closes: no new attempt, and the one in flight finishes. */
  onApplicationShutdown(): Promise<void> {
    return this.publisher.close();
  }

  /**
   * After a transaction that recorded activity committed: a pass within `BACKLOG_AUDIT_COALESCE_MS`,
   * shared with every other commit until it starts. Nobody waits for it.
   */
  notifyCommitted(): void {
    this.publisher.notifyCommitted();
  }

  /** Publishes every unpublished row; resolves with how many this call published. Never throws. */
  publishPending(): Promise<number> {
    return this.publisher.publishPending();
  }
}
