import type { Page, PageRequest } from '../pagination/page';
import type { AutomatedDecisionBasis, FeatureSensitivity, LegalBasis, RiskLevel, SpecialCategoryGround } from './governance.enums';

/**
 * Every project-scoped governance request names its project; the service reads and writes only
 * that project's objects and answers an object of another project exactly as one that does not
 * exist (its *_NOT_FOUND code). Who asks is not in the payload: it is the request envelope's actor
 * (NATS headers, `currentEnvelope()`), recorded on the audit trail with its display name.
 */
export interface ProjectScoped {
  projectId: string;
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
  /** The actor id (e.g. `user:<uuid>`); the display name at the time is on the audit-trail entry. */
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
  /** The actor id of whoever moved it. */
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
  projectId: string;
  name: string;
  description: string;
  owner: string;
  riskLevel: RiskLevel;
  createdAt: string;
  /** The actor id (e.g. `user:<uuid>`); the display name at the time is on the audit-trail entry. */
  createdBy: string;
  /** Versions registered so far (list them with `governance.model-versions.list.v1`). */
  versionCount: number;
  /** Current aliases, by name (at most one per alias name). */
  aliases: AliasDto[];
}

export interface RegisterModelRequest extends ProjectScoped {
  name: string;
  description: string;
  owner: string;
  riskLevel: RiskLevel;
}
export interface RegisterModelReply {
  model: ModelDto;
}

export interface RegisterModelVersionRequest extends ProjectScoped {
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

export interface SetAliasRequest extends ProjectScoped {
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

/** The project's models, oldest first (created, then id). */
export interface ListModelsRequest extends ProjectScoped, PageRequest {}
export type ListModelsReply = Page<ModelDto>;

/** A model's versions, in registration order (version 1, 2, …). MODEL_NOT_FOUND outside the project. */
export interface ListModelVersionsRequest extends ProjectScoped, PageRequest {
  modelId: string;
}
export type ListModelVersionsReply = Page<ModelVersionDto>;

/** A model's alias moves, oldest first (by their audit-trail seq). MODEL_NOT_FOUND outside the project. */
export interface ListAliasMovesRequest extends ProjectScoped, PageRequest {
  modelId: string;
}
export type ListAliasMovesReply = Page<AliasMoveDto>;

export interface GetModelVersionRequest extends ProjectScoped {
  versionId: string;
}
export interface GetModelVersionReply {
  version: ModelVersionDto;
}
