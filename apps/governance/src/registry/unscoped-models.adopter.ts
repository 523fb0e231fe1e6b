import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RegistryRepository } from './registry.repository';

/** The registry's part of adopting rows from before projects: models (versions, aliases and moves follow their model). */
@Injectable()
export class UnscopedModelsAdopter {
  constructor(private readonly repository: RegistryRepository) {}

  /** Runs in the caller's transaction; returns how many models were adopted. */
  adopt(manager: EntityManager, projectId: string): Promise<number> {
    return this.repository.adoptUnscoped(manager, projectId);
  }
}
