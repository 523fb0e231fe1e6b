import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type AliasMoveDto,
  DomainError,
  type ModelDto,
  type ModelVersionDto,
  type Page,
  type RegisterModelReply,
  type RegisterModelRequest,
  type RegisterModelVersionReply,
  type RegisterModelVersionRequest,
  encodeCursor,
  pageOf,
} from '@fulcrum/contracts';
import { AuditTrailPort } from '../audit-trail/audit-trail.port';
import { integerCursor, timeIdCursor } from '../infrastructure/list-cursor.decoder';
import type { RequestActor } from '../infrastructure/request-actor';
import type { ModelVersionEntity } from './model-version.entity';
import type { ModelEntity } from './model.entity';
import { validateRegisterModel, validateRegisterVersion } from './registry-input.validator';
import { toModelDto, toMoveDto, toVersionDto, versionRecord } from './registry.mapper';
import { type ModelCursor, RegistryRepository, isUniqueViolation } from './registry.repository';
import { RegistryReader, type VersionWithModel } from './registry-reader.port';

export const MODEL_REGISTERED = 'model.registered';
export const MODEL_VERSION_REGISTERED = 'model-version.registered';

const MODELS_CURSOR = 'models';
const VERSIONS_CURSOR = 'model-versions';
const MOVES_CURSOR = 'alias-moves';

/**
 * Models and their immutable, numbered versions, each in one project. Every write appends its
 * audit-trail entry (with the project and the actor's name) in the same transaction (both commit
 * or neither) and keeps the entry's seq. There is no update of a version: a change is a new
 * version. A model of another project is MODEL_NOT_FOUND, word for word as an unknown id.
 */
@Injectable()
export class RegistryService extends RegistryReader {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly trail: AuditTrailPort,
  ) {
    super();
  }

  async registerModel(input: RegisterModelRequest, actor: RequestActor): Promise<RegisterModelReply> {
    const request = validateRegisterModel(input);
    const { projectId } = request;
    const id = randomUUID();
    const now = new Date();
    try {
      await this.repository.transaction(async (manager) => {
        if (await this.repository.modelNameTaken(manager, projectId, request.name)) throw nameTaken(request.name);
        const record = {
          id,
          projectId,
          name: request.name,
          description: request.description,
          owner: request.owner,
          riskLevel: request.riskLevel,
          createdAt: now.toISOString(),
          createdBy: actor.id,
        };
        const [entry] = await this.trail.append(manager, [
          { actor: actor.id, actorName: actor.name, projectId, action: MODEL_REGISTERED, subject: `model:${id}`, payload: record, at: now },
        ]);
        const model: ModelEntity = { ...record, createdAt: now, auditSeq: entry.seq };
        await this.repository.insertModel(manager, model);
      });
    } catch (error) {
      // Two registrations of one name racing: the unique index decides.
      if (isUniqueViolation(error)) throw nameTaken(request.name);
      throw error;
    }
    return { model: await this.model(projectId, id) };
  }

  async registerVersion(input: RegisterModelVersionRequest, actor: RequestActor): Promise<RegisterModelVersionReply> {
    const request = validateRegisterVersion(input);
    const { projectId } = request;
    const id = randomUUID();
    const now = new Date();
    const version = await this.repository.transaction(async (manager) => {
      // The model row lock serialises numbering: max + 1 is never handed out twice.
      const model = await this.repository.lockModel(manager, projectId, request.modelId);
      if (!model) throw modelNotFound(request.modelId);
      const entity: ModelVersionEntity = {
        id,
        modelId: model.id,
        version: await this.repository.nextVersionNumber(manager, model.id),
        artifactDigest: request.artifactDigest,
        trainingDataset: request.trainingDataset,
        features: request.features,
        purposes: request.purposes,
        legalBasis: request.legalBasis,
        specialCategoryGround: request.specialCategoryGround ?? null,
        solelyAutomatedSignificantDecisions: request.solelyAutomatedSignificantDecisions,
        automatedDecisionBasis: request.automatedDecisionBasis ?? null,
        humanReviewAvailable: request.humanReviewAvailable,
        retentionDays: request.retentionDays,
        createdAt: now,
        createdBy: actor.id,
        auditSeq: 0,
      };
      const dto = toVersionDto(entity, model.name, []);
      // The payload is the whole version, so the leaf commits to its digest, dataset hash, purposes…
      const [entry] = await this.trail.append(manager, [
        {
          actor: actor.id,
          actorName: actor.name,
          projectId,
          action: MODEL_VERSION_REGISTERED,
          subject: `model-version:${id}`,
          payload: versionRecord(dto),
          at: now,
        },
      ]);
      await this.repository.insertVersion(manager, { ...entity, auditSeq: entry.seq });
      return dto;
    });
    return { version };
  }

  /** The project's models, oldest first: (created, id). */
  async listModels(projectId: string, first: number, after: string | undefined): Promise<Page<ModelDto>> {
    const cursor = after === undefined ? null : modelCursor(after);
    return this.repository.snapshot(async (em) => {
      const { models, total } = await this.repository.modelPage(em, projectId, cursor, first + 1);
      const aggregates = await this.repository.aggregates(em, models);
      return pageOf(aggregates.map(toModelDto), first, total, (m) => encodeCursor(MODELS_CURSOR, [m.createdAt, m.id]));
    });
  }

  /** A model's versions in registration order (1, 2, …). */
  async listVersions(projectId: string, modelId: string, first: number, after: string | undefined): Promise<Page<ModelVersionDto>> {
    const afterVersion = after === undefined ? 0 : integerCursor(VERSIONS_CURSOR, after);
    return this.repository.snapshot(async (em) => {
      const model = await this.repository.findModel(em, projectId, modelId);
      if (!model) throw modelNotFound(modelId);
      const { versions, total } = await this.repository.versionPage(em, model.id, afterVersion, first + 1);
      const aliases = (await this.repository.aggregates(em, [model]))[0]?.aliases ?? [];
      const dtos = versions.map((v) => toVersionDto(v, model.name, aliases.filter((a) => a.versionId === v.id).map((a) => a.alias)));
      return pageOf(dtos, first, total, (v) => encodeCursor(VERSIONS_CURSOR, [v.version]));
    });
  }

  /** A model's alias moves, oldest first (by the seq of their trail entries). */
  async listAliasMoves(projectId: string, modelId: string, first: number, after: string | undefined): Promise<Page<AliasMoveDto>> {
    const afterSeq = after === undefined ? -1 : integerCursor(MOVES_CURSOR, after);
    return this.repository.snapshot(async (em) => {
      const model = await this.repository.findModel(em, projectId, modelId);
      if (!model) throw modelNotFound(modelId);
      const { moves, total } = await this.repository.movePage(em, model.id, afterSeq, first + 1);
      return pageOf(moves.map(toMoveDto), first, total, (m) => encodeCursor(MOVES_CURSOR, [m.auditSeq]));
    });
  }

  async model(projectId: string, id: string): Promise<ModelDto> {
    const reader = this.repository.reader;
    const model = await this.repository.findModel(reader, projectId, id);
    const [aggregate] = model ? await this.repository.aggregates(reader, [model]) : [];
    if (!aggregate) throw modelNotFound(id);
    return toModelDto(aggregate);
  }

  async versionDto(projectId: string, versionId: string): Promise<ModelVersionDto> {
    return (await this.getVersion(projectId, versionId)).version;
  }

  async getVersion(projectId: string, versionId: string): Promise<VersionWithModel> {
    const reader = this.repository.reader;
    const found = await this.repository.findVersion(reader, projectId, versionId);
    if (!found) throw versionNotFound(versionId);
    const { version, model } = found;
    const aliases = (await this.repository.aliasesOfVersion(reader, versionId)).map((a) => a.alias);
    return {
      model: { id: model.id, name: model.name, owner: model.owner, riskLevel: model.riskLevel },
      version: toVersionDto(version, model.name, aliases),
    };
  }

  projectOfVersion(versionId: string): Promise<string | null> {
    return this.repository.projectOfVersion(this.repository.reader, versionId);
  }
}

export function modelNotFound(modelId: string): DomainError {
  return new DomainError('MODEL_NOT_FOUND', `No model ${modelId}`, { modelId });
}

export function versionNotFound(versionId: string): DomainError {
  return new DomainError('MODEL_VERSION_NOT_FOUND', `No model version ${versionId}`, { versionId });
}

function nameTaken(name: string): DomainError {
  return new DomainError('CONFLICT', `A model named "${name}" already exists in this project (names are unique ignoring case)`, { field: 'name', name });
}

function modelCursor(after: string): ModelCursor {
  const { at, id } = timeIdCursor(MODELS_CURSOR, after);
  return { createdAt: at, id };
}
