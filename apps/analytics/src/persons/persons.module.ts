import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ErasureAuditOutbox } from './erasure-audit.outbox';
import { ErasureRepository } from './erasure.repository';
import { EventStreamRedactor } from './event-stream.redactor';
import { IdentityConflictsController } from './identity-conflicts.controller';
import { PersonErasureController } from './person-erasure.controller';
import { PersonErasureService } from './person-erasure.service';

@Module({
  imports: [EventsModule],
  controllers: [IdentityConflictsController, PersonErasureController],
  providers: [PersonErasureService, EventStreamRedactor, ErasureRepository, ErasureAuditOutbox],
})
export class PersonsModule {}
