import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { EventCatalog } from './event-catalog.model';

@Resolver(() => EventCatalog)
export class EventCatalogResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => EventCatalog, { description: "A project's events by frequency, with counts and unique users." })
  async eventCatalog(@Args('projectId', { type: () => ID }) projectId: string): Promise<EventCatalog> {
    // Unknown project → NOT_FOUND, rather than an empty catalog that looks like "no events yet".
    await this.rpc.request(RPC.ingestProjectsGet, { projectId });
    const reply = await this.rpc.request(RPC.analyticsEventCatalogGet, { projectId });
    return {
      dataVersion: reply.dataVersion,
      totalEvents: reply.totalEvents,
      events: reply.events.map((e) => ({ ...e, firstSeen: new Date(e.firstSeen), lastSeen: new Date(e.lastSeen) })),
    };
  }
}
