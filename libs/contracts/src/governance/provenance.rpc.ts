import { type Static } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';
import type { AuditDto } from './audits.rpc';
import type { AuditProofReply } from './audit-trail.rpc';
import type { DecisionAttributes } from './decisions.rpc';
import type { ModelVersionDto } from './model-registry.rpc';
import type { RiskLevel } from './governance.enums';
import { callerId } from './governance.fields';

export const decisionProvenanceRequestSchema = closedObject({ projectId: uuid(), decisionId: callerId() });
export type DecisionProvenanceRequest = Static<typeof decisionProvenanceRequestSchema>;

export interface DecisionProvenanceReply {
  decision: {
    decisionId: string;
    /** null after erasure. */
    subjectRef: string | null;
    occurredAt: string;
    purpose: string;
    outcome: string;
    score: number | null;
    groundTruth: string | null;
    attributes: DecisionAttributes | null;
    erased: boolean;
  };
  model: { id: string; name: string; owner: string; riskLevel: RiskLevel };
  version: ModelVersionDto;
  /** Whether the decision's purpose is one the version declared (GDPR Art. 5(1)(b)). */
  purposeDeclared: boolean;
  /** Audits of this version whose [from, to) contains occurredAt, newest first. */
  audits: AuditDto[];
  /** The audit-trail entry that recorded the decision's batch, with its inclusion proof. */
  recordedIn: AuditProofReply;
}
