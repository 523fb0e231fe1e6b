import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { ProvenanceController } from './provenance.controller';
import { ProvenanceService } from './provenance.service';

/** Decision provenance (reads the decision log, the registry, the audits and the audit trail through their ports). */
@Module({
  imports: [DecisionsModule],
  controllers: [ProvenanceController],
  providers: [ProvenanceService],
})
export class ProvenanceModule {}
