import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  type ModelDto,
  type ModelVersionDto,
  type RegisterModelReply,
  type RegisterModelRequest,
  type RegisterModelVersionReply,
  type RegisterModelVersionRequest,
} from '@fulcrum/contracts';
import { AuditTrailPort } from '../audit-trail/audit-trail.port';
import type { ModelVersionEntity } from './model-version.entity';
import type { ModelEntity } from './model.entity';
import { validateRegisterModel, validateRegisterVersion } from './registry-input.validator';
import { toModelDto, toVersionDto, versionRecord } from './registry.mapper';
import { RegistryRepository, isUniqueViolation } from './registry.repository';
import { RegistryReader, type VersionWithModel } from './registry-reader.port';

export const MODEL_REGISTERED = 'model.registered';
export const MODEL_VERSION_REGISTERED = 'model-version.registered';

/**
 * Models and their immutable, numbered versions. Every write appends its audit-trail entry in
 * the same transaction (both commit or neither) and keeps the entry's seq. There is no update
 * of a version: a change is a new version.
 */
@Injectable()
export class RegistryService extends RegistryReader {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly trail: AuditTrailPort,
  ) {
    super();
  }

  async registerModel(input: RegisterModelRequest): Promise<RegisterModelReply> {
    const request = validateRegisterModel(input);
    const id = randomUUID();
    const now = new Date();
    try {
      await this.repository.transaction(async (manager) => {
        if (await this.repository.modelNameTaken(manager, request.name)) throw nameTaken(request.name);
        const record = {
          id,
          name: request.name,
          description: request.description,
          owner: request.owner,
          riskLevel: request.riskLevel,
          createdAt: now.toISOString(),
          createdBy: request.actor,
        };
        const [entry] = await this.trail.append(manager, [
          { actor: request.actor, action: MODEL_REGISTERED, subject: `model:${id}`, payload: record, at: now },
        ]);
        const model: ModelEntity = { ...record, createdAt: now, auditSeq: entry.seq };
        await this.repository.insertModel(manager, model);
      });
    } catch (error) {
      // Two registrations of one name racing: the unique index decides.
      if (isUniqueViolation(error)) throw nameTaken(request.name);
      throw error;
    }
    return { model: await this.model(id) };
  }

  async registerVersion(input: RegisterModelVersionRequest): Promise<RegisterModelVersionReply> {
    const request = validateRegisterVersion(input);
    const id = randomUUID();
    const now = new Date();
    const version = await this.repository.transaction(async (manager) => {
      // The model row lock serialises numbering: max + 1 is never handed out twice.
      const model = await this.repository.lockModel(manager, request.modelId);
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
        createdBy: request.actor,
        auditSeq: 0,
      };
      const dto = toVersionDto(entity, model.name, []);
      // The payload is the whole version, so the leaf commits to its digest, dataset hash, purposes…
      const [entry] = await this.trail.append(manager, [
        { actor: request.actor, action: MODEL_VERSION_REGISTERED, subject: `model-version:${id}`, payload: versionRecord(dto), at: now },
      ]);
      await this.repository.insertVersion(manager, { ...entity, auditSeq: entry.seq });
      return dto;
    });
    return { version };
  }

  async listModels(): Promise<ModelDto[]> {
    return (await this.repository.aggregates(this.repository.reader)).map(toModelDto);
  }

  async model(id: string): Promise<ModelDto> {
    const [aggregate] = await this.repository.aggregates(this.repository.reader, [id]);
    if (!aggregate) throw modelNotFound(id);
    return toModelDto(aggregate);
  }

  async versionDto(versionId: string): Promise<ModelVersionDto> {
    return (await this.getVersion(versionId)).version;
  }

  async getVersion(versionId: string): Promise<VersionWithModel> {
    const reader = this.repository.reader;
    const version = await this.repository.findVersion(reader, versionId);
    const model = version && (await this.repository.findModel(reader, version.modelId));
    if (!version || !model) {
      throw new DomainError('MODEL_VERSION_NOT_FOUND', `No model version ${versionId}`, { versionId });
    }
    const aliases = (await this.repository.aliasesOfVersion(reader, versionId)).map((a) => a.alias);
    return {
      model: { id: model.id, name: model.name, owner: model.owner, riskLevel: model.riskLevel },
      version: toVersionDto(version, model.name, aliases),
    };
  }
}

export function modelNotFound(modelId: string): DomainError {
  return new DomainError('MODEL_NOT_FOUND', `No model ${modelId}`, { modelId });
}

function nameTaken(name: string): DomainError {
  return new DomainError('CONFLICT', `A model named "${name}" already exists (names are unique ignoring case)`, { field: 'name', name });
}
