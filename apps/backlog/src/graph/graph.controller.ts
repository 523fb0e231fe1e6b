import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type BacklogGraphReply, type BacklogGraphRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { GraphService } from './graph.service';

/** The dependency view (`backlog.graph.get.v1`). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class GraphController {
  constructor(private readonly graphs: GraphService) {}

  @MessagePattern(RPC.backlogGraphGet)
  graph(@Payload(new RpcPayloadPipe(RPC.backlogGraphGet)) request: BacklogGraphRequest): Promise<BacklogGraphReply> {
    return this.graphs.graph(request);
  }
}
