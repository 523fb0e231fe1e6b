import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AddBacklogLinkRequest,
  type BacklogLinkChangeReply,
  type ListBacklogLinksReply,
  type ListBacklogLinksRequest,
  RPC,
  type RemoveBacklogLinkRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { LinksService } from './links.service';

/** Request/reply handlers of links between items; every request is scoped to its `projectId`. */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @MessagePattern(RPC.backlogLinksAdd)
  add(@Payload(new RpcPayloadPipe(RPC.backlogLinksAdd)) request: AddBacklogLinkRequest): Promise<BacklogLinkChangeReply> {
    return this.links.add(request);
  }

  @MessagePattern(RPC.backlogLinksRemove)
  remove(@Payload(new RpcPayloadPipe(RPC.backlogLinksRemove)) request: RemoveBacklogLinkRequest): Promise<BacklogLinkChangeReply> {
    return this.links.remove(request);
  }

  @MessagePattern(RPC.backlogLinksList)
  list(@Payload(new RpcPayloadPipe(RPC.backlogLinksList)) request: ListBacklogLinksRequest): Promise<ListBacklogLinksReply> {
    return this.links.list(request);
  }
}
