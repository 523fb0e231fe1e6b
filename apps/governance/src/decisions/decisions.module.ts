import { Module } from '@nestjs/common';
import { DecisionBatchConsumer } from './decision-batch.consumer';
import { DecisionLogReader } from './decision-log.reader';
import { DecisionsController } from './decisions.controller';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { RejectedDecisionsReader } from './rejected-decisions.reader';
import { RejectedDecisionsService } from './rejected-decisions.service';
import { UnscopedDecisionsAdopter } from './unscoped-decisions.adopter';

/**
 * The decision log: RPC commands (record, outcomes, erasure), the JetStream consumer of stream
 * DECISIONS, the list of what it kept aside (RejectedDecisionsService), and the read side
 * (DecisionLogReader) that the fairness, audits and provenance modules use.
 * Uses the global AuditTrailPort and RegistryReader.
 */
@Module({
  controllers: [DecisionsController],
  providers: [
    DecisionsRepository,
    DecisionsService,
    DecisionBatchConsumer,
    DecisionLogReader,
    RejectedDecisionsReader,
    RejectedDecisionsService,
    UnscopedDecisionsAdopter,
  ],
  exports: [DecisionLogReader, UnscopedDecisionsAdopter],
})
export class DecisionsModule {}
