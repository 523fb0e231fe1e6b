import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type BacklogBoardReply,
  type BacklogBoardRequest,
  type BacklogHistoryReply,
  type BacklogHistoryRequest,
  type BacklogItemReply,
  type CreateBacklogItemRequest,
  type GetBacklogItemRequest,
  type MoveBacklogItemRequest,
  RPC,
  type RankBacklogItemRequest,
  type UpdateBacklogItemRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { ItemHistoryReader } from '../activity/item-history.reader';
import { ItemBoardReader } from './item-board.reader';
import { ItemRankService } from './item-rank.service';
import { ItemWorkflowService } from './item-workflow.service';
import { ItemsService } from './items.service';

/**
 * Request/reply handlers of backlog items (called by the gateway over NATS); every request is
 * scoped to its `projectId`, and the actor is the envelope's (the interceptor refuses a request
 * without one: ACTOR_MISSING).
 */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class ItemsController {
  constructor(
    private readonly items: ItemsService,
    private readonly workflow: ItemWorkflowService,
    private readonly ranks: ItemRankService,
    private readonly reader: ItemBoardReader,
    private readonly history: ItemHistoryReader,
  ) {}

  @MessagePattern(RPC.backlogItemsCreate)
  async create(@Payload(new RpcPayloadPipe(RPC.backlogItemsCreate)) request: CreateBacklogItemRequest): Promise<BacklogItemReply> {
    return { item: await this.items.create(request) };
  }

  @MessagePattern(RPC.backlogItemsUpdate)
  async update(@Payload(new RpcPayloadPipe(RPC.backlogItemsUpdate)) request: UpdateBacklogItemRequest): Promise<BacklogItemReply> {
    return { item: await this.items.update(request) };
  }

  @MessagePattern(RPC.backlogItemsMove)
  async move(@Payload(new RpcPayloadPipe(RPC.backlogItemsMove)) request: MoveBacklogItemRequest): Promise<BacklogItemReply> {
    return { item: await this.workflow.move(request) };
  }

  @MessagePattern(RPC.backlogItemsRank)
  async rank(@Payload(new RpcPayloadPipe(RPC.backlogItemsRank)) request: RankBacklogItemRequest): Promise<BacklogItemReply> {
    return { item: await this.ranks.rank(request) };
  }

  @MessagePattern(RPC.backlogItemsGet)
  async get(@Payload(new RpcPayloadPipe(RPC.backlogItemsGet)) request: GetBacklogItemRequest): Promise<BacklogItemReply> {
    return { item: await this.reader.get(request) };
  }

  @MessagePattern(RPC.backlogBoardGet)
  board(@Payload(new RpcPayloadPipe(RPC.backlogBoardGet)) request: BacklogBoardRequest): Promise<BacklogBoardReply> {
    return this.reader.board(request);
  }

  @MessagePattern(RPC.backlogHistoryList)
  list(@Payload(new RpcPayloadPipe(RPC.backlogHistoryList)) request: BacklogHistoryRequest): Promise<BacklogHistoryReply> {
    return this.history.history(request);
  }
}
