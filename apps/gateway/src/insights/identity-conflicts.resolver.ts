import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { FirstArg, OffsetArg } from './insight.args';
import { IdentityConflictPage } from './identity-conflicts.model';

/** Identity links the analytics service refused (any authenticated role may read them). */
@Resolver(() => IdentityConflictPage)
export class IdentityConflictsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => IdentityConflictPage, { description: "A project's refused identity links, newest first (fix the tracking calls that cause them)." })
  async identityConflicts(
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @FirstArg(500, 'default 100') first?: number | null,
    @OffsetArg() offset?: number | null,
  ): Promise<IdentityConflictPage> {
    const reply = await this.rpc.request(RPC.analyticsIdentityConflictsList, {
      projectId,
      ...(first !== null && first !== undefined && { limit: first }),
      ...(offset !== null && offset !== undefined && { offset }),
    });
    return {
      total: reply.total,
      conflicts: reply.conflicts.map((c) => ({
        eventId: c.eventId,
        sourceId: c.sourceId,
        targetId: c.targetId,
        reason: c.reason,
        existingPersonId: c.existingPersonId,
        recordedAt: new Date(c.recordedAt),
      })),
    };
  }
}
