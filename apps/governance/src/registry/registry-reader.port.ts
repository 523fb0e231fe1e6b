import type { ModelVersionDto, RiskLevel } from '@fulcrum/contracts';

export interface VersionWithModel {
  model: { id: string; name: string; owner: string; riskLevel: RiskLevel };
  version: ModelVersionDto;
}

/** Read access to the registry for the other governance modules (implemented in this folder). */
export abstract class RegistryReader {
  /** The version, if it belongs to a model of `projectId`. Throws DomainError MODEL_VERSION_NOT_FOUND (also for another project's). */
  abstract getVersion(projectId: string, versionId: string): Promise<VersionWithModel>;
  /** The project of a version's model (null: unknown version, or a model not adopted into a project yet). */
  abstract projectOfVersion(versionId: string): Promise<string | null>;
}
