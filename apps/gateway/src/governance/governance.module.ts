import { Module } from '@nestjs/common';
import { AuditTrailResolver } from './audit-trail.resolver';
import { AuditsResolver } from './audits.resolver';
import { DecisionsResolver } from './decisions.resolver';
import { FairnessResolver } from './fairness.resolver';
import { ModelRegistryResolver } from './model-registry.resolver';
import { ProvenanceResolver } from './provenance.resolver';

export const GOVERNANCE_RESOLVERS = [
  ModelRegistryResolver,
  DecisionsResolver,
  FairnessResolver,
  AuditsResolver,
  AuditTrailResolver,
  ProvenanceResolver,
];

/**
 * Model governance over GraphQL; the governance service does the work over NATS request/reply.
 * `actor` is always the authenticated token (`token:<id>:<name>`), never client input.
 *
 * Roles (GOVERNANCE_ROLES in governance-roles.ts; the guard does not special-case ADMIN, so every
 * restricted operation names it):
 *
 * | operation                                     | roles                                         |
 * | --------------------------------------------- | --------------------------------------------- |
 * | registerModel, registerModelVersion           | DATA_SCIENTIST, ADMIN                         |
 * | setAlias                                      | DATA_SCIENTIST, COMPLIANCE, ADMIN (the service |
 * |                                               | enforces the production promotion gate)       |
 * | setAlias with gateOverrideReason              | COMPLIANCE, ADMIN (others: FORBIDDEN)         |
 * | recordDecisions, recordOutcomes               | DATA_SCIENTIST, ADMIN                         |
 * | runAudit, exportAuditTrail, eraseDecisionSubject | COMPLIANCE, ADMIN                          |
 * | models, modelVersion, fairnessReport, rules,  | every authenticated role (PM, DATA_SCIENTIST, |
 * | audits, auditTrail, auditProof,               | ENGINEER, DESIGNER, COMPLIANCE, ADMIN)        |
 * | auditPublicKey, decisionProvenance            |                                               |
 */
@Module({ providers: GOVERNANCE_RESOLVERS })
export class GovernanceModule {}
