import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { EventCatalog } from './event-catalog.model';
import { Envelope } from '../envelope/request-envelope.decorator';

@Resolver(() => EventCatalog)
export class EventCatalogResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => EventCatalog, { description: "A project's events by frequency, with counts and unique users." })
  async eventCatalog(@Envelope() envelope: RequestEnvelope, @Args('projectId', { type: () => ID }) projectId: string): Promise<EventCatalog> {
    // Unknown project → NOT_FOUND, rather than an empty catalog that looks like "no events yet".
    await this.rpc.request(RPC.ingestProjectsGet, { projectId }, { envelope });
    const reply = await this.rpc.request(RPC.analyticsEventCatalogGet, { projectId }, { envelope });
    return {
      dataVersion: reply.dataVersion,
      totalEvents: reply.totalEvents,
      events: reply.events.map((e) => ({ ...e, firstSeen: new Date(e.firstSeen), lastSeen: new Date(e.lastSeen) })),
    };
  }
}
