import type { ModelVersionDto, RiskLevel } from '@fulcrum/contracts';

export interface VersionWithModel {
  model: { id: string; name: string; owner: string; riskLevel: RiskLevel };
  version: ModelVersionDto;
}

/** Read access to the registry for the other governance modules (implemented in this folder). */
export abstract class RegistryReader {
  /** Throws DomainError MODEL_VERSION_NOT_FOUND. */
  abstract getVersion(versionId: string): Promise<VersionWithModel>;
}
