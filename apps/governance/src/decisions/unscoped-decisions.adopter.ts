import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DecisionsRepository } from './decisions.repository';

/**
 * The decision log's part of adopting rows from before projects: decisions (outcomes are columns of
 * their decision). Rejected JetStream rows keep NULL, "project unknown" (see the migration).
 */
@Injectable()
export class UnscopedDecisionsAdopter {
  constructor(private readonly repository: DecisionsRepository) {}

  /** Runs in the caller's transaction; returns how many decisions were adopted. */
  adopt(manager: EntityManager, projectId: string): Promise<number> {
    return this.repository.adoptUnscoped(manager, projectId);
  }
}
