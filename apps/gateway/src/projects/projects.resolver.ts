import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type ProjectDto, RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../auth/role';
import { CreatedProject, Project } from './project.model';
import { ProjectTimeZoneLookup } from './project-time-zone.lookup';

@Resolver(() => Project)
export class ProjectsResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeZones: ProjectTimeZoneLookup,
  ) {}

  @Query(() => [Project], { description: 'All projects, oldest first.' })
  async projects(): Promise<Project[]> {
    return (await this.rpc.request(RPC.ingestProjectsList, {})).projects.map(toModel);
  }

  @Mutation(() => CreatedProject, { description: 'Creates a project with a first write key (admins only).' })
  @Roles(Role.ADMIN)
  async createProject(
    @Args('name') name: string,
    @Args('timeZone', { nullable: true, description: 'IANA time zone for calendar buckets (default UTC).' }) timeZone?: string,
  ): Promise<CreatedProject> {
    const reply = await this.rpc.request(RPC.ingestProjectsCreate, { name, ...(timeZone ? { timeZone } : {}) });
    this.timeZones.remember(reply.project);
    return { project: toModel(reply.project), writeKey: reply.writeKey };
  }

  @Mutation(() => Project, { description: "Changes a project's time zone (admins and PMs). Saved analyses keep the zone they were computed in." })
  @Roles(Role.ADMIN, Role.PM)
  async setProjectTimeZone(@Args('projectId', { type: () => ID }) projectId: string, @Args('timeZone') timeZone: string): Promise<Project> {
    const { project } = await this.rpc.request(RPC.ingestProjectsSetTimeZone, { projectId, timeZone });
    this.timeZones.remember(project);
    return toModel(project);
  }
}

export function toModel(p: ProjectDto): Project {
  return { id: p.id, name: p.name, created: new Date(p.createdAt), timeZone: p.timeZone };
}
