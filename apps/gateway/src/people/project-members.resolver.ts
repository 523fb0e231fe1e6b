import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { AuthService } from '../auth/auth.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ProjectRole } from '../auth/project-role';
import { type ConnectionShape, PageAfterArg, PageFirstArg, toConnection } from '../graphql/relay-connection.model';
import { pageSize } from './page-size';
import { ProjectMember, ProjectMemberConnection, toProjectMember } from './project-member.model';
import { ProjectMembershipsRepository, sortRoles } from './project-memberships.repository';
import { toUser } from './user.model';
import { UsersRepository } from './users.repository';
import { validUuid } from './uuid-arg';
import { Envelope } from '../envelope/request-envelope.decorator';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 50;

/**
 * Project members (project admins; instance admins too, member or not, to recover a project whose
 * admins are gone). A change reaches every gateway replica within 1 s (libs/persistence trust-window.cache.ts).
 */
@Resolver(() => ProjectMember)
export class ProjectMembersResolver {
  constructor(
    private readonly memberships: ProjectMembershipsRepository,
    private readonly users: UsersRepository,
    private readonly rpc: RpcClient,
    private readonly auth: AuthService,
  ) {}

  @Query(() => ProjectMemberConnection, { description: 'The members of a project and their roles, by email.' })
  async projectMembers(
    @Envelope() envelope: RequestEnvelope,
    @CurrentPrincipal() principal: Principal,
    @Args('projectId', { type: () => ID }) projectId: string,
    @PageFirstArg(MAX_PAGE, DEFAULT_PAGE) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<ProjectMember>> {
    const project = validUuid(projectId, 'projectId');
    // An instance admin outside the project may name any id: an unknown project is NOT_FOUND, not an empty list.
    if (principal.rolesIn(project).size === 0) await this.rpc.request(RPC.ingestProjectsGet, { projectId: project }, { envelope });
    const page = await this.memberships.page(project, pageSize(first, MAX_PAGE, DEFAULT_PAGE), after ?? undefined);
    return toConnection(page, toProjectMember);
  }

  @Mutation(() => ProjectMember, {
    description:
      "Sets a user's roles in a project, replacing the ones they had; no roles removes them from the project. A project keeps at least one ADMIN (CONFLICT).",
  })
  async setProjectMemberRoles(
    @Envelope() envelope: RequestEnvelope,
    @CurrentPrincipal() principal: Principal,
    @Args('projectId', { type: () => ID }) projectId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('roles', { type: () => [ProjectRole] }) roles: ProjectRole[],
  ): Promise<ProjectMember> {
    const project = validUuid(projectId, 'projectId');
    const user = await this.users.findById(validUuid(userId, 'userId'));
    if (!user) throw new DomainError('NOT_FOUND', `No user ${userId}`, { userId });
    // An instance admin acting outside their own projects may name any id: make sure it is a project.
    if (principal.rolesIn(project).size === 0) await this.rpc.request(RPC.ingestProjectsGet, { projectId: project }, { envelope });
    const wanted = sortRoles([...new Set(roles)]);
    await this.users.transaction(async (em) => {
      const before = await this.memberships.rolesOf(project, user.id, em);
      const losesAdmin = before.includes(ProjectRole.ADMIN) && !wanted.includes(ProjectRole.ADMIN);
      if (losesAdmin && (await this.memberships.countOtherAdmins(project, user.id, em)) === 0) {
        throw new DomainError('CONFLICT', 'A project keeps at least one ADMIN: make someone else ADMIN first.', { field: 'roles', projectId: project });
      }
      await this.memberships.setRoles(project, user.id, wanted, em);
    });
    this.auth.forgetResolvedCredentials();
    return { user: toUser(user), roles: await this.memberships.rolesOf(project, user.id) };
  }
}
