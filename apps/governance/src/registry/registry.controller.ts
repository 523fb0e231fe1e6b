import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type GetModelVersionReply,
  type GetModelVersionRequest,
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
import { AliasService } from './alias.service';
import { RegistryService } from './registry.service';

/** Request/reply handlers of the model registry (called by the gateway over NATS). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class RegistryController {
  constructor(
    private readonly registry: RegistryService,
    private readonly aliases: AliasService,
  ) {}

  @MessagePattern(RPC.governanceModelsRegister)
  registerModel(@Payload(new RpcPayloadPipe(RPC.governanceModelsRegister)) request: RegisterModelRequest): Promise<RegisterModelReply> {
    return this.registry.registerModel(request);
  }

  @MessagePattern(RPC.governanceModelVersionsRegister)
  registerVersion(
    @Payload(new RpcPayloadPipe(RPC.governanceModelVersionsRegister)) request: RegisterModelVersionRequest,
  ): Promise<RegisterModelVersionReply> {
    return this.registry.registerVersion(request);
  }

  @MessagePattern(RPC.governanceAliasesSet)
  setAlias(@Payload(new RpcPayloadPipe(RPC.governanceAliasesSet)) request: SetAliasRequest): Promise<SetAliasReply> {
    return this.aliases.setAlias(request);
  }

  @MessagePattern(RPC.governanceModelsList)
  async listModels(@Payload(new RpcPayloadPipe(RPC.governanceModelsList)) _request: ListModelsRequest): Promise<ListModelsReply> {
    return { models: await this.registry.listModels() };
  }

  @MessagePattern(RPC.governanceModelVersionsGet)
  async getVersion(@Payload(new RpcPayloadPipe(RPC.governanceModelVersionsGet)) request: GetModelVersionRequest): Promise<GetModelVersionReply> {
    return { version: await this.registry.versionDto(request.versionId) };
  }
}
