import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type CreateWriteKeyReply,
  type CreateWriteKeyRequest,
  type ListWriteKeysReply,
  type ListWriteKeysRequest,
  RPC,
  type RevokeWriteKeyReply,
  type RevokeWriteKeyRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { WriteKeysService } from './write-keys.service';

/** Request/reply handlers for write keys (called by the gateway over NATS). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class WriteKeysController {
  constructor(private readonly writeKeys: WriteKeysService) {}

  @MessagePattern(RPC.ingestWriteKeysCreate)
  create(@Payload(new RpcPayloadPipe(RPC.ingestWriteKeysCreate)) request: CreateWriteKeyRequest): Promise<CreateWriteKeyReply> {
    return this.writeKeys.create(request.projectId, request.name);
  }

  @MessagePattern(RPC.ingestWriteKeysList)
  list(@Payload(new RpcPayloadPipe(RPC.ingestWriteKeysList)) request: ListWriteKeysRequest): Promise<ListWriteKeysReply> {
    return this.writeKeys.list(request);
  }

  @MessagePattern(RPC.ingestWriteKeysRevoke)
  async revoke(@Payload(new RpcPayloadPipe(RPC.ingestWriteKeysRevoke)) request: RevokeWriteKeyRequest): Promise<RevokeWriteKeyReply> {
    return { writeKey: await this.writeKeys.revoke(request.projectId, request.writeKeyId) };
  }
}
