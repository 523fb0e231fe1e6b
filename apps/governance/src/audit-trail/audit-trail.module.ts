import { Global, Module } from '@nestjs/common';
import { AuditActionConsumer } from './audit-action.consumer';
import { AuditActionStore } from './audit-action.store';
import { AuditEntriesRepository } from './audit-entries.repository';
import { AuditExportService } from './audit-export.service';
import { AuditRejectedMessagesRepository } from './audit-rejected-messages.repository';
import { AuditTrailController } from './audit-trail.controller';
import { AuditTrailPort } from './audit-trail.port';
import { AuditTrailService } from './audit-trail.service';
import { TreeHeadRepository } from './tree-head.repository';
import { TreeHeadService } from './tree-head.service';

/** The tamper-evident audit trail; other modules use it only through AuditTrailPort. */
@Global()
@Module({
  controllers: [AuditTrailController],
  providers: [
    AuditEntriesRepository,
    TreeHeadRepository,
    AuditRejectedMessagesRepository,
    TreeHeadService,
    AuditTrailService,
    AuditExportService,
    AuditActionStore,
    AuditActionConsumer,
    { provide: AuditTrailPort, useExisting: AuditTrailService },
  ],
  exports: [AuditTrailPort],
})
export class AuditTrailModule {}
