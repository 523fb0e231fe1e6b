import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { GOVERNANCE_PAGES, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { type ConnectionShape, PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { toRejectedDecision } from './rejected-decisions.mapper';
import { RejectedDecision, RejectedDecisionConnection } from './rejected-decisions.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/** What the JetStream decision consumer kept aside in a project, with the reasons (roles: auth/authorization.matrix.ts). */
@Resolver(() => RejectedDecision)
export class RejectedDecisionsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => RejectedDecisionConnection, {
    description:
      "The project's decisions published on JetStream that were not stored (bad rows, or whole messages kept aside), with the reason and payload; oldest first (by id). A page may hold fewer than `first` items when payloads are large: follow pageInfo.hasNextPage. Rejections whose project is unknown are in no project's list.",
  })
  async rejectedDecisions(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @PageFirstArg(GOVERNANCE_PAGES.rejectedDecisions.max, GOVERNANCE_PAGES.rejectedDecisions.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<RejectedDecision>> {
    return toConnection(await this.rpc.request(RPC.governanceRejectedDecisionsList, { projectId, ...pageRequest(first, after) }, { envelope }), toRejectedDecision);
  }
}
