import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type EventCatalogReply, type EventCatalogRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { EventCatalogRepository } from './event-catalog.repository';

@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class EventCatalogController {
  constructor(private readonly catalog: EventCatalogRepository) {}

  @MessagePattern(RPC.analyticsEventCatalogGet)
  get(@Payload(new RpcPayloadPipe(RPC.analyticsEventCatalogGet)) request: EventCatalogRequest): Promise<EventCatalogReply> {
    return this.catalog.catalog(request.projectId);
  }
}
