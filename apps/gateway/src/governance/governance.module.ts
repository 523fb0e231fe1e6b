import { Module } from '@nestjs/common';
import { AuditTrailResolver } from './audit-trail.resolver';
import { AuditsResolver } from './audits.resolver';
import { DecisionsResolver } from './decisions.resolver';
import { FairnessResolver } from './fairness.resolver';
import { ModelRegistryResolver } from './model-registry.resolver';
import { ProvenanceResolver } from './provenance.resolver';
import { RejectedDecisionsResolver } from './rejected-decisions.resolver';
import { UnscopedGovernanceAdopter } from './unscoped-governance.adopter';

export const GOVERNANCE_RESOLVERS = [
  ModelRegistryResolver,
  DecisionsResolver,
  RejectedDecisionsResolver,
  FairnessResolver,
  AuditsResolver,
  AuditTrailResolver,
  ProvenanceResolver,
];

/**
 * Model governance over GraphQL; the governance service does the work over NATS request/reply.
 * Every governance field but `rules`, `auditPublicKey` and `exportAuditTrail` names its project;
 * who acts travels in the request envelope (the authenticated principal), never in a payload.
 * At start-up, UnscopedGovernanceAdopter moves rows from before projects into the first project.
 *
 * Who may call what: auth/authorization.matrix.ts (overriding the promotion gate: GATE_OVERRIDE_ROLES).
 */
@Module({ providers: [...GOVERNANCE_RESOLVERS, UnscopedGovernanceAdopter] })
export class GovernanceModule {}
