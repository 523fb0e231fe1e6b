import type { AutomatedDecisionBasis, FeatureSensitivity, LegalBasis, RiskLevel, SpecialCategoryGround } from './governance.enums';

/** Who did it, as the gateway resolved it from the API token, e.g. `token:<id>:<name>`. */
export interface ActorRef {
  actor: string;
}

export interface TrainingDatasetDto {
  name: string;
  version: string;
  /** `sha256:` + 64 lowercase hex of the dataset content. */
  contentHash: string;
  rows: number;
  /** Where it came from (URI or description). */
  source: string;
}

export interface FeatureDto {
  name: string;
  sensitivity: FeatureSensitivity;
}

export interface ModelVersionDto {
  id: string;
  modelId: string;
  modelName: string;
  /** 1, 2, 3… per model, in registration order. */
  version: number;
  /** `sha256:` + 64 lowercase hex. */
  artifactDigest: string;
  trainingDataset: TrainingDatasetDto;
  features: FeatureDto[];
  purposes: string[];
  legalBasis: LegalBasis;
  /** Required when a feature is SPECIAL_CATEGORY (checked by rule gdpr-art-9). */
  specialCategoryGround: SpecialCategoryGround | null;
  /** Makes solely automated decisions with legal or similarly significant effect (GDPR Art. 22(1)). */
  solelyAutomatedSignificantDecisions: boolean;
  /** Required for such decisions (checked by rule gdpr-art-22). */
  automatedDecisionBasis: AutomatedDecisionBasis | null;
  humanReviewAvailable: boolean;
  /** Decision records are kept this many days (GDPR Art. 5(1)(e); EU AI Act Art. 19 wants ≥ 183). */
  retentionDays: number;
  /** Aliases currently pointing to this version. */
  aliases: string[];
  createdAt: string;
  createdBy: string;
}

export interface AliasDto {
  alias: string;
  versionId: string;
  version: number;
  movedAt: string;
  movedBy: string;
}

export interface AliasMoveDto {
  id: string;
  alias: string;
  fromVersionId: string | null;
  toVersionId: string;
  actor: string;
  reason: string;
  at: string;
  /** Set when a compliance reviewer overrode the promotion gate. */
  gateOverrideReason: string | null;
  /** Sequence number of the audit-trail entry recording this move. */
  auditSeq: number;
}

export interface ModelDto {
  id: string;
  name: string;
  description: string;
  owner: string;
  riskLevel: RiskLevel;
  createdAt: string;
  createdBy: string;
  versions: ModelVersionDto[];
  aliases: AliasDto[];
  /** Every alias move, oldest first. */
  aliasHistory: AliasMoveDto[];
}

export interface RegisterModelRequest extends ActorRef {
  name: string;
  description: string;
  owner: string;
  riskLevel: RiskLevel;
}
export interface RegisterModelReply {
  model: ModelDto;
}

export interface RegisterModelVersionRequest extends ActorRef {
  modelId: string;
  artifactDigest: string;
  trainingDataset: TrainingDatasetDto;
  features: FeatureDto[];
  purposes: string[];
  legalBasis: LegalBasis;
  specialCategoryGround?: SpecialCategoryGround | null;
  solelyAutomatedSignificantDecisions: boolean;
  automatedDecisionBasis?: AutomatedDecisionBasis | null;
  humanReviewAvailable: boolean;
  retentionDays: number;
}
export interface RegisterModelVersionReply {
  version: ModelVersionDto;
}

export interface SetAliasRequest extends ActorRef {
  modelId: string;
  alias: string;
  versionId: string;
  reason: string;
  /**
   * Overrides the promotion gate (moving `production` to a version without a passing audit in the
   * last N days). The gateway only sends it for compliance reviewers; it is recorded.
   */
  gateOverrideReason?: string | null;
}
export interface SetAliasReply {
  model: ModelDto;
  move: AliasMoveDto;
}

export type ListModelsRequest = Record<string, never>;
export interface ListModelsReply {
  models: ModelDto[];
}

export interface GetModelVersionRequest {
  versionId: string;
}
export interface GetModelVersionReply {
  version: ModelVersionDto;
}
