import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { IDENTITY_CONFLICT_PAGE, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { IdentityConflict, IdentityConflictConnection } from './identity-conflicts.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/** Identity links the analytics service refused. */
@Resolver(() => IdentityConflict)
export class IdentityConflictsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => IdentityConflictConnection, { description: "A project's refused identity links, newest first (fix the tracking calls that cause them)." })
  async identityConflicts(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @PageFirstArg(IDENTITY_CONFLICT_PAGE.maxFirst, IDENTITY_CONFLICT_PAGE.defaultFirst) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<IdentityConflictConnection> {
    const page = await this.rpc.request(RPC.analyticsIdentityConflictsList, { projectId, ...pageRequest(first, after) }, { envelope });
    return toConnection(page, (c) => ({
      eventId: c.eventId,
      sourceId: c.sourceId,
      targetId: c.targetId,
      reason: c.reason,
      existingPersonId: c.existingPersonId,
      recordedAt: new Date(c.recordedAt),
    }));
  }
}
