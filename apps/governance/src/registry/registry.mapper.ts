import type { AliasDto, AliasMoveDto, ModelDto, ModelVersionDto } from '@fulcrum/contracts';
import type { AliasMoveEntity } from './alias-move.entity';
import type { AliasEntity } from './alias.entity';
import type { ModelVersionEntity } from './model-version.entity';
import type { ModelEntity } from './model.entity';

/** A model with everything its DTO shows (its versions and alias history are pages of their own). */
export interface ModelAggregate {
  model: ModelEntity;
  versionCount: number;
  /** Current aliases with the number of the version each points to. */
  aliases: Array<AliasEntity & { version: number }>;
}

/**
 * The immutable part of a version (its DTO without `aliases`): what `model-version.registered`
 * commits to on the audit trail. Built field by field, so jsonb's key order never leaks.
 */
export function toVersionDto(v: ModelVersionEntity, modelName: string, aliases: readonly string[]): ModelVersionDto {
  return {
    id: v.id,
    modelId: v.modelId,
    modelName,
    version: v.version,
    artifactDigest: v.artifactDigest,
    trainingDataset: {
      name: v.trainingDataset.name,
      version: v.trainingDataset.version,
      contentHash: v.trainingDataset.contentHash,
      rows: v.trainingDataset.rows,
      source: v.trainingDataset.source,
    },
    features: v.features.map((f) => ({ name: f.name, sensitivity: f.sensitivity })),
    purposes: [...v.purposes],
    legalBasis: v.legalBasis,
    specialCategoryGround: v.specialCategoryGround,
    solelyAutomatedSignificantDecisions: v.solelyAutomatedSignificantDecisions,
    automatedDecisionBasis: v.automatedDecisionBasis,
    humanReviewAvailable: v.humanReviewAvailable,
    retentionDays: v.retentionDays,
    aliases: [...aliases].sort(),
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
  };
}

/** A version's DTO without the mutable `aliases`: the payload of its registration entry. */
export function versionRecord(dto: ModelVersionDto): Omit<ModelVersionDto, 'aliases'> {
  const { aliases: _aliases, ...record } = dto;
  return record;
}

export function toMoveDto(m: AliasMoveEntity): AliasMoveDto {
  return {
    id: m.id,
    alias: m.alias,
    fromVersionId: m.fromVersionId,
    toVersionId: m.toVersionId,
    actor: m.actor,
    reason: m.reason,
    at: m.at.toISOString(),
    gateOverrideReason: m.gateOverrideReason,
    auditSeq: m.auditSeq,
  };
}

export function toModelDto({ model, versionCount, aliases }: ModelAggregate): ModelDto {
  const aliasDtos: AliasDto[] = [...aliases]
    .sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0))
    .map((a) => ({ alias: a.alias, versionId: a.versionId, version: a.version, movedAt: a.movedAt.toISOString(), movedBy: a.movedBy }));
  if (model.projectId === null) throw new Error(`model ${model.id} has no project: it must not be read before adoption`);
  return {
    id: model.id,
    projectId: model.projectId,
    name: model.name,
    description: model.description,
    owner: model.owner,
    riskLevel: model.riskLevel,
    createdAt: model.createdAt.toISOString(),
    createdBy: model.createdBy,
    versionCount,
    aliases: aliasDtos,
  };
}
