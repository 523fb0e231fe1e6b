import { Module } from '@nestjs/common';
import { ActivityOutboxRepository } from '../activity/activity-outbox.repository';
import { BacklogAuditOutbox } from '../activity/backlog-audit.outbox';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { ProjectGraphCache } from '../graph/project-graph.cache';
import { ItemChangeGuard } from './item-change.guard';

/**
 * What every module that changes items builds on: the version guard, the activity recorder, the
 * audit outbox and the transaction runner that feeds it, and the projects' in-memory graph state
 * (ProjectGraphCache), which every write of an item's graph facts or of a link keeps current. It
 * imports no feature module (items, evidence, metrics), so each of them imports this one without
 * cycles.
 */
@Module({
  providers: [ProjectGraphCache, ItemChangeGuard, ItemActivityRecorder, ActivityOutboxRepository, BacklogAuditOutbox, BacklogTransactionRunner],
  exports: [ProjectGraphCache, ItemChangeGuard, ItemActivityRecorder, BacklogAuditOutbox, BacklogTransactionRunner],
})
export class ItemStoreModule {}
