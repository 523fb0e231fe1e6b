import { type Static, Type } from '@sinclair/typebox';
import { closedObject, nullable, oneOf, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import {
  AUTOMATED_DECISION_BASES,
  type AutomatedDecisionBasis,
  FEATURE_SENSITIVITIES,
  GOVERNANCE_PAGES,
  LEGAL_BASES,
  type LegalBasis,
  RISK_LEVELS,
  type RiskLevel,
  SPECIAL_CATEGORY_GROUNDS,
  type SpecialCategoryGround,
} from './governance.enums';
import { name, requiredText, sha256, text } from './governance.fields';

/**
 * Every project-scoped governance request names its project; the service reads and writes only
 * that project's objects and answers an object of another project exactly as one that does not
 * exist (its *_NOT_FOUND code). Who asks is not in the payload: it is the request envelope's actor
 * (NATS headers, `currentEnvelope()`), recorded on the audit trail with its display name.
 */
export interface ProjectScoped {
  projectId: string;
}

export const trainingDatasetSchema = closedObject({
  name: name(),
  version: name(),
  /** `sha256:` + 64 lowercase hex of the dataset content. */
  contentHash: sha256(),
  rows: Type.Integer({ minimum: 0 }),
  /** Where it came from (URI or description). */
  source: requiredText(),
});
export type TrainingDatasetDto = Static<typeof trainingDatasetSchema>;

export const featureSchema = closedObject({ name: name(), sensitivity: oneOf(FEATURE_SENSITIVITIES) });
export type FeatureDto = Static<typeof featureSchema>;

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

export const registerModelRequestSchema = closedObject({
  projectId: uuid(),
  name: name(),
  description: text(),
  owner: name(),
  riskLevel: oneOf(RISK_LEVELS),
});
export type RegisterModelRequest = Static<typeof registerModelRequestSchema>;
export interface RegisterModelReply {
  model: ModelDto;
}

export const registerModelVersionRequestSchema = closedObject({
  projectId: uuid(),
  modelId: uuid(),
  /** `sha256:` + 64 lowercase hex. */
  artifactDigest: sha256(),
  trainingDataset: trainingDatasetSchema,
  features: Type.Array(featureSchema, { maxItems: 10_000 }),
  purposes: Type.Array(name(), { minItems: 1, maxItems: 100, uniqueItems: true }),
  legalBasis: oneOf(LEGAL_BASES),
  /** Required when a feature is SPECIAL_CATEGORY (checked by rule gdpr-art-9). */
  specialCategoryGround: Type.Optional(nullable(oneOf(SPECIAL_CATEGORY_GROUNDS))),
  /** Makes solely automated decisions with legal or similarly significant effect (GDPR Art. 22(1)). */
  solelyAutomatedSignificantDecisions: Type.Boolean(),
  /** Required for such decisions (checked by rule gdpr-art-22). */
  automatedDecisionBasis: Type.Optional(nullable(oneOf(AUTOMATED_DECISION_BASES))),
  humanReviewAvailable: Type.Boolean(),
  /** Decision records are kept this many days (GDPR Art. 5(1)(e); EU AI Act Art. 19 wants ≥ 183). */
  retentionDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
});
export type RegisterModelVersionRequest = Static<typeof registerModelVersionRequestSchema>;
export interface RegisterModelVersionReply {
  version: ModelVersionDto;
}

export const setAliasRequestSchema = closedObject({
  projectId: uuid(),
  modelId: uuid(),
  alias: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' }),
  versionId: uuid(),
  reason: requiredText(),
  /**
   * Overrides the promotion gate (moving `production` to a version without a passing audit in the
   * last N days). The gateway only sends it for compliance reviewers; it is recorded.
   */
  gateOverrideReason: Type.Optional(nullable(requiredText())),
});
export type SetAliasRequest = Static<typeof setAliasRequestSchema>;
export interface SetAliasReply {
  model: ModelDto;
  move: AliasMoveDto;
}

/** The project's models, oldest first (created, then id). */
export const listModelsRequestSchema = closedObject({ projectId: uuid(), ...pageRequestProperties(GOVERNANCE_PAGES.models.max) });
export type ListModelsRequest = Static<typeof listModelsRequestSchema>;
export type ListModelsReply = Page<ModelDto>;

/** A model's versions, in registration order (version 1, 2, …). MODEL_NOT_FOUND outside the project. */
export const listModelVersionsRequestSchema = closedObject({
  projectId: uuid(),
  modelId: uuid(),
  ...pageRequestProperties(GOVERNANCE_PAGES.modelVersions.max),
});
export type ListModelVersionsRequest = Static<typeof listModelVersionsRequestSchema>;
export type ListModelVersionsReply = Page<ModelVersionDto>;

/** A model's alias moves, oldest first (by their audit-trail seq). MODEL_NOT_FOUND outside the project. */
export const listAliasMovesRequestSchema = closedObject({ projectId: uuid(), modelId: uuid(), ...pageRequestProperties(GOVERNANCE_PAGES.aliasMoves.max) });
export type ListAliasMovesRequest = Static<typeof listAliasMovesRequestSchema>;
export type ListAliasMovesReply = Page<AliasMoveDto>;

export const getModelVersionRequestSchema = closedObject({ projectId: uuid(), versionId: uuid() });
export type GetModelVersionRequest = Static<typeof getModelVersionRequestSchema>;
export interface GetModelVersionReply {
  version: ModelVersionDto;
}
