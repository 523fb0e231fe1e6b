import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AdoptUnscopedReply, type AdoptUnscopedRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { requestActor } from '../infrastructure/request-actor';
import { ProjectAdoptionService } from './project-adoption.service';

/** `governance.projects.adopt-unscoped.v1` (called by the gateway once it knows the installation's first project). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class ProjectAdoptionController {
  constructor(private readonly adoption: ProjectAdoptionService) {}

  @MessagePattern(RPC.governanceProjectsAdoptUnscoped)
  adopt(@Payload(new RpcPayloadPipe(RPC.governanceProjectsAdoptUnscoped)) request: AdoptUnscopedRequest): Promise<AdoptUnscopedReply> {
    return this.adoption.adoptUnscoped(request.projectId, requestActor());
  }
}
