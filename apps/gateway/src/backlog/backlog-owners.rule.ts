import { Injectable } from '@nestjs/common';
import { BACKLOG_LIMITS, DomainError } from '@fulcrum/contracts';
import { ProjectMembershipsRepository } from '../people/project-memberships.repository';
import { validUuid } from '../people/uuid-arg';

/**
 * Owners of an item must be members of its project. Memberships are the gateway's (the backlog
 * service cannot know them), so the gateway checks before it sends: VALIDATION_FAILED naming every
 * owner who is not a member (`details.nonMembers`), before any RPC.
 */
@Injectable()
export class BacklogOwnersRule {
  constructor(private readonly memberships: ProjectMembershipsRepository) {}

  /** The owners as the contract carries them (lower-case uuids, in the order given). */
  async checked(projectId: string, owners: readonly string[], field = 'owners'): Promise<string[]> {
    if (owners.length > BACKLOG_LIMITS.maxOwners) {
      throw new DomainError('VALIDATION_FAILED', `${field} may name at most ${BACKLOG_LIMITS.maxOwners} users; got ${owners.length}.`, { field });
    }
    const ids = owners.map((owner, i) => validUuid(owner, `${field}[${i}]`));
    const members = await this.memberships.membersAmong(projectId, ids);
    const nonMembers = [...new Set(ids.filter((id) => !members.has(id)))];
    if (nonMembers.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `Owners must be members of the project; not members: ${nonMembers.join(', ')}.`, { field, nonMembers });
    }
    return ids;
  }
}
