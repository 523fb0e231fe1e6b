import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import type { RiskLevel } from '@fulcrum/contracts';
import { AuditProof } from './audit-trail.model';
import { Audit } from './audits.model';
import { RiskLevelEnum } from './governance.enums';
import { GraphQLJSON, type JsonValue } from './json.scalar';
import { ModelVersion } from './model-registry.model';

@ObjectType({ description: 'A recorded decision as stored (personal data null after erasure).' })
export class RecordedDecision {
  @Field({ description: 'The caller-chosen decision id.' })
  decisionId: string;

  @Field(() => String, { nullable: true, description: 'Pseudonym of the person; null after erasure.' })
  subjectRef: string | null;

  @Field({ description: 'When the decision was made (ISO-8601, as recorded).' })
  occurredAt: string;

  @Field({ description: 'Purpose of the decision.' })
  purpose: string;

  @Field({ description: 'The decision.' })
  outcome: string;

  @Field(() => Float, { nullable: true, description: 'Model score, if recorded.' })
  score: number | null;

  @Field(() => String, { nullable: true, description: 'Observed ground truth, if recorded.' })
  groundTruth: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Protected attributes as recorded (flat JSON object); null after erasure or when none were sent.' })
  attributes: JsonValue | null;

  @Field({ description: "Whether the subject's personal data was erased (GDPR Art. 17)." })
  erased: boolean;
}

@ObjectType({ description: 'The model a decision came from.' })
export class ProvenanceModel {
  @Field(() => ID, { description: 'Model id.' })
  id: string;

  @Field({ description: 'Model name.' })
  name: string;

  @Field({ description: 'Accountable owner.' })
  owner: string;

  @Field(() => RiskLevelEnum, { description: 'EU AI Act risk tier.' })
  riskLevel: RiskLevel;
}

@ObjectType({ description: 'Everything that explains one decision: the model version, its declarations, audits covering it, and proof it was recorded.' })
export class DecisionProvenance {
  @Field(() => RecordedDecision, { description: 'The decision.' })
  decision: RecordedDecision;

  @Field(() => ProvenanceModel, { description: 'The model.' })
  model: ProvenanceModel;

  @Field(() => ModelVersion, { description: 'The model version that made it, with its compliance declarations.' })
  version: ModelVersion;

  @Field({ description: 'Whether the purpose is one the version declared (GDPR Art. 5(1)(b)).' })
  purposeDeclared: boolean;

  @Field(() => [Audit], { description: 'Audits of this version whose period contains the decision, newest first.' })
  audits: Audit[];

  @Field(() => AuditProof, { description: "The audit-trail entry that recorded the decision's batch, with its inclusion proof." })
  recordedIn: AuditProof;
}
