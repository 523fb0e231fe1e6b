import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GOVERNANCE_PAGES,
  type GetModelVersionReply,
  type GetModelVersionRequest,
  type ListAliasMovesReply,
  type ListAliasMovesRequest,
  type ListModelVersionsReply,
  type ListModelVersionsRequest,
  type ListModelsReply,
  type ListModelsRequest,
  type RegisterModelReply,
  type RegisterModelRequest,
  type RegisterModelVersionReply,
  type RegisterModelVersionRequest,
  RPC,
  type SetAliasReply,
  type SetAliasRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { requestActor } from '../infrastructure/request-actor';
import { AliasService } from './alias.service';
import { RegistryService } from './registry.service';

/** Request/reply handlers of the model registry (called by the gateway over NATS); every one is scoped to its `projectId`. */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class RegistryController {
  constructor(
    private readonly registry: RegistryService,
    private readonly aliases: AliasService,
  ) {}

  @MessagePattern(RPC.governanceModelsRegister)
  registerModel(@Payload(new RpcPayloadPipe(RPC.governanceModelsRegister)) request: RegisterModelRequest): Promise<RegisterModelReply> {
    return this.registry.registerModel(request, requestActor());
  }

  @MessagePattern(RPC.governanceModelVersionsRegister)
  registerVersion(
    @Payload(new RpcPayloadPipe(RPC.governanceModelVersionsRegister)) request: RegisterModelVersionRequest,
  ): Promise<RegisterModelVersionReply> {
    return this.registry.registerVersion(request, requestActor());
  }

  @MessagePattern(RPC.governanceAliasesSet)
  setAlias(@Payload(new RpcPayloadPipe(RPC.governanceAliasesSet)) request: SetAliasRequest): Promise<SetAliasReply> {
    return this.aliases.setAlias(request, requestActor());
  }

  @MessagePattern(RPC.governanceModelsList)
  listModels(@Payload(new RpcPayloadPipe(RPC.governanceModelsList)) request: ListModelsRequest): Promise<ListModelsReply> {
    return this.registry.listModels(request.projectId, request.first ?? GOVERNANCE_PAGES.models.default, request.after);
  }

  @MessagePattern(RPC.governanceModelVersionsList)
  listVersions(@Payload(new RpcPayloadPipe(RPC.governanceModelVersionsList)) request: ListModelVersionsRequest): Promise<ListModelVersionsReply> {
    return this.registry.listVersions(request.projectId, request.modelId, request.first ?? GOVERNANCE_PAGES.modelVersions.default, request.after);
  }

  @MessagePattern(RPC.governanceAliasMovesList)
  listAliasMoves(@Payload(new RpcPayloadPipe(RPC.governanceAliasMovesList)) request: ListAliasMovesRequest): Promise<ListAliasMovesReply> {
    return this.registry.listAliasMoves(request.projectId, request.modelId, request.first ?? GOVERNANCE_PAGES.aliasMoves.default, request.after);
  }

  @MessagePattern(RPC.governanceModelVersionsGet)
  async getVersion(@Payload(new RpcPayloadPipe(RPC.governanceModelVersionsGet)) request: GetModelVersionRequest): Promise<GetModelVersionReply> {
    return { version: await this.registry.versionDto(request.projectId, request.versionId) };
  }
}
