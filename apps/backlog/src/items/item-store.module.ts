import { Module } from '@nestjs/common';
import { ActivityOutboxRepository } from '../activity/activity-outbox.repository';
import { BacklogAuditOutbox } from '../activity/backlog-audit.outbox';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { ItemChangeGuard } from './item-change.guard';

/**
 * What every module that changes items builds on: the version guard, the activity recorder, the
 * audit outbox and the transaction runner that feeds it. It imports no feature module (items,
 * evidence, metrics), so each of them imports this one without cycles.
 */
@Module({
  providers: [ItemChangeGuard, ItemActivityRecorder, ActivityOutboxRepository, BacklogAuditOutbox, BacklogTransactionRunner],
  exports: [ItemChangeGuard, ItemActivityRecorder, BacklogAuditOutbox, BacklogTransactionRunner],
})
export class ItemStoreModule {}
