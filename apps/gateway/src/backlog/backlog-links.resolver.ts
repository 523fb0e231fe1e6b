import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type BacklogGraphRequest, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { stripNulls } from '../insights/strip-nulls';
import { BacklogItemIdArg, BacklogProjectArg, exactlyOne } from './backlog.args';
import { AddBacklogLinkInput, BacklogGraphInput, RemoveBacklogLinkInput } from './backlog-links.input';
import { toBacklogGraph, toBacklogItemLinks, toBacklogLinkChange } from './backlog-links.mapper';
import { BacklogGraph, BacklogItemLinks, BacklogLink, BacklogLinkChange } from './backlog-links.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/**
 * Typed links between items and the dependency view over them. Cycle refusal, readiness, blocker
 * counts and the critical path are the backlog service's; LINK_CYCLE reaches the client with the
 * cycle's item keys in `extensions.details.cycle`.
 */
@Resolver(() => BacklogLink)
export class BacklogLinksResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => BacklogItemLinks, { description: "An item's links in both directions with the item at the other end, oldest first." })
  async backlogItemLinks(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @BacklogItemIdArg() itemId: string,
    @Args('includeRemoved', { type: () => Boolean, nullable: true, description: 'Also links removed since (default false: live links only).' })
    includeRemoved?: boolean | null,
  ): Promise<BacklogItemLinks> {
    const reply = await this.rpc.request(RPC.backlogLinksList, { projectId, itemId, ...(includeRemoved !== null && includeRemoved !== undefined && { includeRemoved }) }, { envelope });
    return toBacklogItemLinks(reply);
  }

  @Query(() => BacklogGraph, {
    description:
      'The dependency view: items around a set of start items (or a whole track), their links, which are ready, what blocks them, the critical path, and how many open items of one track wait on another.',
  })
  async backlogGraph(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @Args('input', { type: () => BacklogGraphInput, description: 'Where to start and how far to go.' }) input: BacklogGraphInput,
  ): Promise<BacklogGraph> {
    const { roots, track, states, depth, direction, nodeLimit } = stripNulls(input);
    const start = exactlyOne(['roots', roots], ['track', track]);
    const request: BacklogGraphRequest = {
      projectId,
      ...(start.first !== undefined ? { roots: start.first } : { track: start.second }),
      ...(states !== undefined && { states }),
      ...(depth !== undefined && { depth }),
      ...(direction !== undefined && { direction }),
      ...(nodeLimit !== undefined && { limit: nodeLimit }),
    };
    return toBacklogGraph(await this.rpc.request(RPC.backlogGraphGet, request, { envelope }));
  }

  @Mutation(() => BacklogLinkChange, {
    description:
      'Links two items of the project. Refused: a self-link or endpoints the type does not allow (VALIDATION_FAILED), an ordering link closing a cycle (LINK_CYCLE, `extensions.details.cycle`), a duplicate live link (CONFLICT).',
  })
  async addBacklogLink(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The link.' }) input: AddBacklogLinkInput): Promise<BacklogLinkChange> {
    const { projectId, fromItemId, toItemId, type, expectedVersion } = input;
    return toBacklogLinkChange(await this.rpc.request(RPC.backlogLinksAdd, { projectId, fromItemId, toItemId, type, expectedVersion }, { envelope }));
  }

  @Mutation(() => BacklogLinkChange, { description: 'Removes a live link (kept in history, marked removed).' })
  async removeBacklogLink(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The link.' }) input: RemoveBacklogLinkInput): Promise<BacklogLinkChange> {
    const { projectId, linkId, expectedVersion } = input;
    return toBacklogLinkChange(await this.rpc.request(RPC.backlogLinksRemove, { projectId, linkId, expectedVersion }, { envelope }));
  }
}
