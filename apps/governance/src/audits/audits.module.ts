import { Global, Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { AuditGate } from './audit-gate.port';
import { AuditRulesEvaluator } from './audit-rules.evaluator';
import { AuditsController } from './audits.controller';
import { AuditsRepository } from './audits.repository';
import { AuditsService } from './audits.service';
import { DatabaseAuditGate } from './database-audit.gate';
import { UnscopedAuditsAdopter } from './unscoped-audits.adopter';

/**
 * Rules and audits. Global so the registry can inject AuditGate (which depends only on the
 * database) and provenance can read audits (AuditsRepository).
 */
@Global()
@Module({
  imports: [DecisionsModule],
  controllers: [AuditsController],
  providers: [AuditsRepository, AuditRulesEvaluator, AuditsService, DatabaseAuditGate, UnscopedAuditsAdopter, { provide: AuditGate, useExisting: DatabaseAuditGate }],
  exports: [AuditGate, AuditsRepository, UnscopedAuditsAdopter],
})
export class AuditsModule {}
