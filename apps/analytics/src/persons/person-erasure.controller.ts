import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type ErasePersonReply, type ErasePersonRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { PersonErasureService } from './person-erasure.service';

/** GDPR erasure of a person's events (the gateway allows compliance reviewers and admins). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class PersonErasureController {
  constructor(private readonly erasure: PersonErasureService) {}

  @MessagePattern(RPC.analyticsPersonErase)
  erase(@Payload(new RpcPayloadPipe(RPC.analyticsPersonErase)) request: ErasePersonRequest): Promise<ErasePersonReply> {
    return this.erasure.erase(request);
  }
}
