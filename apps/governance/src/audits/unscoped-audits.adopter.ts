import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditsRepository } from './audits.repository';

/** The audits' part of adopting rows from before projects (findings follow their audit). */
@Injectable()
export class UnscopedAuditsAdopter {
  constructor(private readonly repository: AuditsRepository) {}

  /** Runs in the caller's transaction; returns how many audits were adopted. */
  adopt(manager: EntityManager, projectId: string): Promise<number> {
    return this.repository.adoptUnscoped(manager, projectId);
  }
}
