import { Injectable } from '@nestjs/common';
import type { AuditDto } from '@fulcrum/contracts';
import { AuditGate } from './audit-gate.port';
import { RULE_CATALOG } from './audit-rule.catalog';
import { AuditsRepository } from './audits.repository';

/**
 * The promotion gate's view of the audits: reads only the audits tables (no registry dependency,
 * so the registry can inject it without a provider cycle). Only a PASSED audit that ran every rule
 * of the catalog counts: a partial audit (say, one harmless rule) never opens the gate.
 */
@Injectable()
export class DatabaseAuditGate extends AuditGate {
  constructor(private readonly audits: AuditsRepository) {
    super();
  }

  latestPassedAudit(versionId: string, since: Date): Promise<AuditDto | null> {
    return this.audits.latestPassed(versionId, since, RULE_CATALOG.map((r) => r.id));
  }
}
