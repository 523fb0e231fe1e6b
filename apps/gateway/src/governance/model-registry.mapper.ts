import type {
  AliasDto,
  AliasMoveDto,
  ModelDto,
  ModelVersionDto,
  RegisterModelRequest,
  RegisterModelVersionRequest,
  SetAliasRequest,
} from '@fulcrum/contracts';
import type { RegisterModelInput, RegisterModelVersionInput, SetAliasInput } from './model-registry.input';
import type { AliasMove, Model, ModelAlias, ModelVersion } from './model-registry.model';

// Requests are built field by field: the service refuses unknown properties. Who acts is never in
// a payload: it travels in the request envelope (the authenticated principal).

export function toRegisterModelRequest(input: RegisterModelInput): RegisterModelRequest {
  return { projectId: input.projectId, name: input.name, description: input.description, owner: input.owner, riskLevel: input.riskLevel };
}

export function toRegisterModelVersionRequest(input: RegisterModelVersionInput): RegisterModelVersionRequest {
  const { trainingDataset: d } = input;
  return {
    projectId: input.projectId,
    modelId: input.modelId,
    artifactDigest: input.artifactDigest,
    trainingDataset: { name: d.name, version: d.version, contentHash: d.contentHash, rows: d.rows, source: d.source },
    features: input.features.map((f) => ({ name: f.name, sensitivity: f.sensitivity })),
    purposes: [...input.purposes],
    legalBasis: input.legalBasis,
    specialCategoryGround: input.specialCategoryGround ?? null,
    solelyAutomatedSignificantDecisions: input.solelyAutomatedSignificantDecisions,
    automatedDecisionBasis: input.automatedDecisionBasis ?? null,
    humanReviewAvailable: input.humanReviewAvailable,
    retentionDays: input.retentionDays,
  };
}

export function toSetAliasRequest(input: SetAliasInput): SetAliasRequest {
  return {
    projectId: input.projectId,
    modelId: input.modelId,
    alias: input.alias,
    versionId: input.versionId,
    reason: input.reason,
    ...(input.gateOverrideReason != null && { gateOverrideReason: input.gateOverrideReason }),
  };
}

export function toModel(m: ModelDto): Model {
  return {
    id: m.id,
    projectId: m.projectId,
    name: m.name,
    description: m.description,
    owner: m.owner,
    riskLevel: m.riskLevel,
    createdAt: new Date(m.createdAt),
    createdBy: m.createdBy,
    versionCount: m.versionCount,
    aliases: m.aliases.map(toModelAlias),
  };
}

export function toModelVersion(v: ModelVersionDto): ModelVersion {
  return {
    id: v.id,
    modelId: v.modelId,
    modelName: v.modelName,
    version: v.version,
    artifactDigest: v.artifactDigest,
    trainingDataset: { ...v.trainingDataset },
    features: v.features.map((f) => ({ name: f.name, sensitivity: f.sensitivity })),
    purposes: v.purposes,
    legalBasis: v.legalBasis,
    specialCategoryGround: v.specialCategoryGround,
    solelyAutomatedSignificantDecisions: v.solelyAutomatedSignificantDecisions,
    automatedDecisionBasis: v.automatedDecisionBasis,
    humanReviewAvailable: v.humanReviewAvailable,
    retentionDays: v.retentionDays,
    aliases: v.aliases,
    createdAt: new Date(v.createdAt),
    createdBy: v.createdBy,
  };
}

function toModelAlias(a: AliasDto): ModelAlias {
  return { alias: a.alias, versionId: a.versionId, version: a.version, movedAt: new Date(a.movedAt), movedBy: a.movedBy };
}

export function toAliasMove(m: AliasMoveDto): AliasMove {
  return {
    id: m.id,
    alias: m.alias,
    fromVersionId: m.fromVersionId,
    toVersionId: m.toVersionId,
    actor: m.actor,
    reason: m.reason,
    at: new Date(m.at),
    gateOverrideReason: m.gateOverrideReason,
    auditSeq: m.auditSeq,
  };
}
