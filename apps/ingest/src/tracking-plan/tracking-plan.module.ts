import { Module } from '@nestjs/common';
import { EventPiiRedactor } from './event-pii.redactor';
import { TrackingPlanAuditOutbox } from './tracking-plan-audit.outbox';
import { TrackingPlanController } from './tracking-plan.controller';
import { TrackingPlanReader } from './tracking-plan.reader';
import { TrackingPlanRepository } from './tracking-plan.repository';
import { TrackingPlanService } from './tracking-plan.service';

/**
 * The tracking plan (docs/tracking-plan.md): publishing, versions, mode, the audit of both, and
 * the reader the accept path checks events with and the PII redactor it applies (exported).
 */
@Module({
  controllers: [TrackingPlanController],
  providers: [TrackingPlanRepository, TrackingPlanService, TrackingPlanReader, TrackingPlanAuditOutbox, EventPiiRedactor],
  exports: [TrackingPlanReader, EventPiiRedactor],
})
export class TrackingPlanModule {}
