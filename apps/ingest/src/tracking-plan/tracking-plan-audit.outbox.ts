import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { AuditOutboxPublisher } from '@fulcrum/messaging';
import { NATS_CONNECTION } from '../broker/broker.constants';
import { type PlanAuditRow, TrackingPlanRepository } from './tracking-plan.repository';
import { trackingPlanAuditEnvelope, trackingPlanAuditMessage } from './tracking-plan-audit.message';

/** Rows published per read. */
const BATCH = 200;
/** Commits within this window after one share one pass. */
const COALESCE_MS = 20;
/** While the AUDIT stream cannot be reached, the outbox tries again this often. */
export const TRACKING_PLAN_AUDIT_RETRY_MS = 5_000;

/**
 * Outbox of the plan's audit actions (publishes and mode changes): the change commits its outbox
 * row in its own transaction, and `AuditOutboxPublisher` (libs/messaging) publishes the rows in
 * commit order to the AUDIT stream after each commit, at start, and on a retry timer while the
 * stream is unreachable. A reply never waits for, nor fails with, a publication. Every replica runs
 * one; a row two replicas publish at once is absorbed by JetStream's duplicate window and
 * governance's id key.
 */
@Injectable()
export class TrackingPlanAuditOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly publisher: AuditOutboxPublisher<PlanAuditRow>;

  constructor(@Inject(NATS_CONNECTION) nc: NatsConnection, repository: TrackingPlanRepository) {
    this.publisher = new AuditOutboxPublisher(
      nc,
      {
        unpublished: (limit) => repository.unpublishedAudit(limit),
        markPublished: (ids) => repository.markAuditPublished(ids),
        message: trackingPlanAuditMessage,
        envelope: trackingPlanAuditEnvelope,
      },
      { logger: new Logger('TrackingPlanAudit'), label: 'tracking plan audit actions', batch: BATCH, coalesceMs: COALESCE_MS, retryMs: TRACKING_PLAN_AUDIT_RETRY_MS },
    );
  }

  onApplicationBootstrap(): void {
    void this.publisher.publishPending();
  }

  /** Before the NATS connection drains and the database closes: no new pass; the one running finishes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.publisher.close();
  }

  /** After a transaction with an audit row committed: a pass within `COALESCE_MS`. Nobody waits for it. */
  notifyCommitted(): void {
    this.publisher.notifyCommitted();
  }

  /** Publishes every unpublished row; resolves with how many this call published. Never throws. */
  publishPending(): Promise<number> {
    return this.publisher.publishPending();
  }
}
