import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BacklogAuditOutbox } from './backlog-audit.outbox';

/**
 * Runs a change in one transaction and, once it committed, hands its activity rows to the audit
 * outbox. Every backlog mutation goes through here, so no committed change waits on the outbox's
 * next retry to reach the trail. Never call it inside another transaction: on PGlite the pool has
 * one connection, and a nested transaction would wait for itself.
 */
@Injectable()
export class BacklogTransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: BacklogAuditOutbox,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.outbox.notifyCommitted();
    return result;
  }
}
