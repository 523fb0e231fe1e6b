import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PROJECT_LIST_PAGE, type ProjectDto, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { AuthService } from '../auth/auth.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ProjectRole } from '../auth/project-role';
import { type ConnectionShape, Connection, PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { ProjectMembershipsRepository } from '../people/project-memberships.repository';
import { CreatedProject, Project } from './project.model';
import { ProjectTimeZoneLookup } from './project-time-zone.lookup';
import { Envelope } from '../envelope/request-envelope.decorator';

const ProjectConnection = Connection(Project);

@Resolver(() => Project)
export class ProjectsResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeZones: ProjectTimeZoneLookup,
    private readonly memberships: ProjectMembershipsRepository,
    private readonly auth: AuthService,
  ) {}

  @Query(() => ProjectConnection, { description: "The caller's projects (instance admins: every project), oldest first." })
  async projects(
    @Envelope() envelope: RequestEnvelope,
    @CurrentPrincipal() principal: Principal,
    @PageFirstArg(PROJECT_LIST_PAGE.max, PROJECT_LIST_PAGE.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<Project>> {
    const projectIds = principal.instanceAdmin ? undefined : [...principal.memberProjectIds()];
    const page = await this.rpc.request(RPC.ingestProjectsList, { ...pageRequest(first, after), ...(projectIds && { projectIds }) }, { envelope });
    return toConnection(page, toModel);
  }

  @Mutation(() => CreatedProject, { description: 'Creates a project with a first write key (instance admins); the caller becomes its ADMIN member.' })
  async createProject(
    @Envelope() envelope: RequestEnvelope,
    @CurrentPrincipal() principal: Principal,
    @Args('name') name: string,
    @Args('timeZone', { nullable: true, description: 'IANA time zone for calendar buckets (default UTC).' }) timeZone?: string,
    @Args('key', {
      nullable: true,
      description: 'The project key (2–10 of A-Z0-9, starting with a letter; stored upper-case; immutable). Derived from the name when absent; a key taken already is CONFLICT.',
    })
    key?: string,
  ): Promise<CreatedProject> {
    const reply = await this.rpc.request(RPC.ingestProjectsCreate, { name, ...(timeZone ? { timeZone } : {}), ...(key !== undefined ? { key } : {}) }, { envelope });
    this.timeZones.remember(reply.project);
    // Should this fail, the project exists without members: an instance admin can still add them
    // (setProjectMemberRoles lets instance admins in for exactly this).
    await this.memberships.addRoles(reply.project.id, principal.userId, [ProjectRole.ADMIN]);
    this.auth.forgetResolvedCredentials();
    return { project: toModel(reply.project), writeKey: reply.writeKey };
  }

  @Mutation(() => Project, { description: "Changes a project's time zone (admins and PMs). Saved analyses keep the zone they were computed in." })
  async setProjectTimeZone(@Envelope() envelope: RequestEnvelope, @Args('projectId', { type: () => ID }) projectId: string, @Args('timeZone') timeZone: string): Promise<Project> {
    const { project } = await this.rpc.request(RPC.ingestProjectsSetTimeZone, { projectId, timeZone }, { envelope });
    this.timeZones.remember(project);
    return toModel(project);
  }
}

export function toModel(p: ProjectDto): Project {
  return { id: p.id, name: p.name, key: p.key, created: new Date(p.createdAt), timeZone: p.timeZone };
}
