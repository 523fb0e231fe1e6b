import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  BACKLOG_PAGES,
  type BacklogHistoryOrder,
  type BacklogItemState,
  type BacklogTrack,
  DomainError,
  type MoveBacklogItemRequest,
  type UpdateBacklogItemRequest,
  RPC,
} from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { stripNulls } from '../insights/strip-nulls';
import { BacklogHistoryOrderEnum, BacklogTrackEnum } from './backlog.enums';
import { BacklogItemIdArg, BacklogProjectArg, exactlyOne } from './backlog.args';
import {
  AcceptBacklogItemInput,
  BacklogBoardFilter,
  CreateBacklogItemInput,
  MoveBacklogItemInput,
  RankBacklogItemInput,
  RejectBacklogItemInput,
  UpdateBacklogItemInput,
} from './backlog-items.input';
import { toBacklogActivity, toBacklogItem } from './backlog-items.mapper';
import { BacklogActivityConnection, BacklogItem, BacklogItemConnection } from './backlog-items.model';
import { BacklogOwnersRule } from './backlog-owners.rule';
import { Envelope } from '../envelope/request-envelope.decorator';

/** States only their own mutation reaches: they are decisions (PM or admin), with the success-metrics gate on acceptance. */
const DECISION_MUTATIONS: Partial<Record<BacklogItemState, string>> = { ACCEPTED: 'acceptBacklogItem', REJECTED: 'rejectBacklogItem' };

/**
 * Backlog items: read one, a track's board, an item's history; create, edit, move, accept, reject,
 * rank. The backlog service does the work (state machine, ranks, versions, activity, audit trail);
 * the gateway checks what only it knows (owners are project members) and splits the state moves so
 * that each decision has its own row in the authorization matrix.
 */
@Resolver(() => BacklogItem)
export class BacklogItemsResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly owners: BacklogOwnersRule,
  ) {}

  @Query(() => BacklogItem, { description: 'One item by id or by key (exactly one of them); ITEM_NOT_FOUND (extensions.code NOT_FOUND) when not in the project.' })
  async backlogItem(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @Args('id', { type: () => ID, nullable: true, description: 'The item id.' }) id?: string | null,
    @Args('key', { type: () => String, nullable: true, description: 'The item key, e.g. `SHOP-42` (the project part matches case-insensitively).' }) key?: string | null,
  ): Promise<BacklogItem> {
    const by = exactlyOne(['id', id], ['key', key]);
    const reply = await this.rpc.request(RPC.backlogItemsGet, { projectId, ...(by.first !== undefined ? { itemId: by.first } : { key: by.second }) }, { envelope });
    return toBacklogItem(reply.item);
  }

  @Query(() => BacklogItemConnection, { description: 'The items of one track in rank order (top first), filtered.' })
  async backlogBoard(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @Args('track', { type: () => BacklogTrackEnum, description: 'The track.' }) track: BacklogTrack,
    @Args('filter', { type: () => BacklogBoardFilter, nullable: true, description: 'Which items (default: all of the track).' }) filter?: BacklogBoardFilter | null,
    @PageFirstArg(BACKLOG_PAGES.board.max, BACKLOG_PAGES.board.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<BacklogItemConnection> {
    const reply = await this.rpc.request(RPC.backlogBoardGet, { projectId, track, ...stripNulls(filter ?? {}), ...pageRequest(first, after) }, { envelope });
    return toConnection(reply, toBacklogItem);
  }

  @Query(() => BacklogActivityConnection, { description: "An item's history: every change, who made it and when." })
  async backlogItemHistory(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @BacklogItemIdArg() itemId: string,
    @Args('order', { type: () => BacklogHistoryOrderEnum, nullable: true, description: 'NEWEST_FIRST (default) or OLDEST_FIRST.' }) order?: BacklogHistoryOrder | null,
    @PageFirstArg(BACKLOG_PAGES.history.max, BACKLOG_PAGES.history.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<BacklogActivityConnection> {
    const reply = await this.rpc.request(RPC.backlogHistoryList, { projectId, itemId, ...(order ? { order } : {}), ...pageRequest(first, after) }, { envelope });
    return toConnection(reply, toBacklogActivity);
  }

  @Mutation(() => BacklogItem, { description: 'Creates an item at the bottom of its track, in ICEBOX unless `state` says BACKLOG (version 1).' })
  async createBacklogItem(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The item.' }) input: CreateBacklogItemInput): Promise<BacklogItem> {
    const { owners, ...rest } = stripNulls(input);
    const checkedOwners = owners === undefined ? undefined : await this.owners.checked(input.projectId, owners);
    const reply = await this.rpc.request(RPC.backlogItemsCreate, { ...rest, ...(checkedOwners && { owners: checkedOwners }) }, { envelope });
    return toBacklogItem(reply.item);
  }

  @Mutation(() => BacklogItem, { description: 'Changes the fields given (title, description, kind, estimate, owners, labels). A change that changes nothing keeps the version.' })
  async updateBacklogItem(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The changes.' }) input: UpdateBacklogItemInput): Promise<BacklogItem> {
    const { owners, estimate: _estimate, ...rest } = stripNulls(input);
    const request: UpdateBacklogItemRequest = { ...rest };
    // An explicit null estimate clears it (stripNulls would have dropped it); an absent one keeps it.
    if (input.estimate !== undefined) request.estimate = input.estimate;
    if (owners !== undefined) request.owners = await this.owners.checked(input.projectId, owners);
    return toBacklogItem((await this.rpc.request(RPC.backlogItemsUpdate, request, { envelope })).item);
  }

  @Mutation(() => BacklogItem, {
    description:
      'Moves an item to another state (ICEBOX, BACKLOG, STARTED, FINISHED, DELIVERED, ARCHIVED). ACCEPTED and REJECTED are decisions with their own mutations (acceptBacklogItem, rejectBacklogItem); a move the state machine does not allow is INVALID_TRANSITION with the allowed states in `extensions.details.allowed`.',
  })
  async moveBacklogItem(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The move.' }) input: MoveBacklogItemInput): Promise<BacklogItem> {
    const decision = DECISION_MUTATIONS[input.state];
    if (decision) {
      throw new DomainError('VALIDATION_FAILED', `moveBacklogItem does not move to ${input.state}: use ${decision}.`, { field: 'state', use: decision });
    }
    return this.move({ projectId: input.projectId, itemId: input.itemId, expectedVersion: input.expectedVersion, state: input.state }, envelope);
  }

  @Mutation(() => BacklogItem, {
    description:
      'Accepts a delivered item (PMs and admins). An item with success metrics passes the gate only when the latest evaluation of each active metric is MET; otherwise ACCEPTANCE_BLOCKED with the metrics in `extensions.details.metrics`, unless overrideReason is given (recorded as an override).',
  })
  async acceptBacklogItem(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The acceptance.' }) input: AcceptBacklogItemInput): Promise<BacklogItem> {
    // Only PMs and admins reach this field (authorization matrix), so only they can send an override.
    const { overrideReason } = stripNulls(input);
    return this.move({ projectId: input.projectId, itemId: input.itemId, expectedVersion: input.expectedVersion, state: 'ACCEPTED', ...(overrideReason !== undefined && { overrideReason }) }, envelope);
  }

  @Mutation(() => BacklogItem, { description: 'Rejects a delivered item (PMs and admins); it may be STARTED again.' })
  async rejectBacklogItem(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The rejection.' }) input: RejectBacklogItemInput): Promise<BacklogItem> {
    return this.move({ projectId: input.projectId, itemId: input.itemId, expectedVersion: input.expectedVersion, state: 'REJECTED' }, envelope);
  }

  @Mutation(() => BacklogItem, { description: 'Places an item directly before or after another item of its track; the ranks of other items never change.' })
  async rankBacklogItem(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The new place.' }) input: RankBacklogItemInput): Promise<BacklogItem> {
    const place = exactlyOne(['before', input.before], ['after', input.after]);
    const reply = await this.rpc.request(RPC.backlogItemsRank, {
      projectId: input.projectId,
      itemId: input.itemId,
      expectedVersion: input.expectedVersion,
      ...(place.first !== undefined ? { before: place.first } : { after: place.second }),
    }, { envelope });
    return toBacklogItem(reply.item);
  }

  private async move(request: MoveBacklogItemRequest, envelope: RequestEnvelope): Promise<BacklogItem> {
    return toBacklogItem((await this.rpc.request(RPC.backlogItemsMove, request, { envelope })).item);
  }
}
