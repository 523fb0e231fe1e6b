import { Module } from '@nestjs/common';
import { TrackingPlanAuditOutbox } from './tracking-plan-audit.outbox';
import { TrackingPlanController } from './tracking-plan.controller';
import { TrackingPlanReader } from './tracking-plan.reader';
import { TrackingPlanRepository } from './tracking-plan.repository';
import { TrackingPlanService } from './tracking-plan.service';

/**
 * The tracking plan (docs/tracking-plan.md): publishing, versions, mode, the audit of both, and
 * the reader the accept path checks events with (exported).
 */
@Module({
  controllers: [TrackingPlanController],
  providers: [TrackingPlanRepository, TrackingPlanService, TrackingPlanReader, TrackingPlanAuditOutbox],
  exports: [TrackingPlanReader],
})
export class TrackingPlanModule {}
