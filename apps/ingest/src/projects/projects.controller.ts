import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CreateProjectReply,
  type CreateProjectRequest,
  type GetProjectReply,
  type GetProjectRequest,
  type ListProjectsReply,
  type ListProjectsRequest,
  RPC,
  type SetProjectTimeZoneRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { ProjectsService } from './projects.service';

/** Request/reply handlers for projects (called by the gateway over NATS). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @MessagePattern(RPC.ingestProjectsCreate)
  create(@Payload(new RpcPayloadPipe(RPC.ingestProjectsCreate)) request: CreateProjectRequest): Promise<CreateProjectReply> {
    return this.projects.create(request.name, request.timeZone, request.key);
  }

  @MessagePattern(RPC.ingestProjectsList)
  list(@Payload(new RpcPayloadPipe(RPC.ingestProjectsList)) request: ListProjectsRequest): Promise<ListProjectsReply> {
    return this.projects.list(request);
  }

  @MessagePattern(RPC.ingestProjectsSetTimeZone)
  async setTimeZone(@Payload(new RpcPayloadPipe(RPC.ingestProjectsSetTimeZone)) request: SetProjectTimeZoneRequest): Promise<GetProjectReply> {
    return { project: await this.projects.setTimeZone(request.projectId, request.timeZone) };
  }

  @MessagePattern(RPC.ingestProjectsGet)
  async get(@Payload(new RpcPayloadPipe(RPC.ingestProjectsGet)) request: GetProjectRequest): Promise<GetProjectReply> {
    return { project: await this.projects.get(request.projectId) };
  }
}
