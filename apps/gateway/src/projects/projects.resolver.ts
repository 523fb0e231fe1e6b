import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type ProjectDto, RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { Roles } from '../auth/auth.decorators';
import { Role } from '../auth/role';
import { CreatedProject, Project } from './project.model';

@Resolver(() => Project)
export class ProjectsResolver {
  constructor(private readonly rpc: RpcClient) {}

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
    return { project: toModel(reply.project), writeKey: reply.writeKey };
  }

  @Mutation(() => Project, { description: "Changes a project's time zone (admins and PMs). Saved analyses keep the zone they were computed in." })
  @Roles(Role.ADMIN, Role.PM)
  async setProjectTimeZone(@Args('projectId', { type: () => ID }) projectId: string, @Args('timeZone') timeZone: string): Promise<Project> {
    return toModel((await this.rpc.request(RPC.ingestProjectsSetTimeZone, { projectId, timeZone })).project);
  }
}

export function toModel(p: ProjectDto): Project {
  return { id: p.id, name: p.name, created: new Date(p.createdAt), timeZone: p.timeZone };
}
