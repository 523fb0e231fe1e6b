import { Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '@fulcrum/contracts';
import { toUser } from '../people/user.model';
import { UsersRepository } from '../people/users.repository';
import { sortRoles } from '../people/project-memberships.repository';
import { allowedGlobalOperations, allowedProjectOperations } from './allowed-operations';
import { CurrentPrincipal } from './current-principal.decorator';
import { CredentialKind, Me } from './me.model';
import type { Principal } from './principal';

@Resolver(() => Me)
export class MeResolver {
  constructor(private readonly users: UsersRepository) {}

  @Query(() => Me, { description: 'The caller, their memberships and what they may do in each project (computed from the authorization matrix).' })
  async me(@CurrentPrincipal() principal: Principal): Promise<Me> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The user of this credential no longer exists.');
    const memberships = [...principal.memberProjectIds()].sort().map((projectId) => ({
      projectId,
      roles: sortRoles([...principal.rolesIn(projectId)]),
      allowedOperations: allowedProjectOperations(principal, projectId),
    }));
    return {
      user: toUser(user),
      credential: principal.credential.kind === 'session' ? CredentialKind.SESSION : CredentialKind.API_TOKEN,
      tokenId: principal.credential.kind === 'token' ? principal.credential.tokenId : null,
      instanceAdmin: principal.instanceAdmin,
      memberships,
      allowedOperations: allowedGlobalOperations(principal),
    };
  }
}
