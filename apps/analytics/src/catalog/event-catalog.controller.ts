import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type EventCatalogReply, type EventCatalogRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { exhaustedResource } from '../duckdb/duckdb-error.classifier';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { resourceExhaustedError } from '../duckdb/resource-exhausted.error';
import { EventCatalogRepository } from './event-catalog.repository';

/**
 * The catalog is a small read, but while a hungry query holds the memory the instance allows it
 * can still fail to allocate: it is tried again a few times (the hungry query is stopped within its
 * time limit), then answered RESOURCE_EXHAUSTED, never INTERNAL.
 */
const OUT_OF_MEMORY_RETRIES = 3;
const RETRY_DELAY_MS = 200;

@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class EventCatalogController {
  constructor(
    private readonly catalog: EventCatalogRepository,
    @Inject(DuckDbDatabase) private readonly db: DuckDbDatabase,
  ) {}

  @MessagePattern(RPC.analyticsEventCatalogGet)
  async get(@Payload(new RpcPayloadPipe(RPC.analyticsEventCatalogGet)) request: EventCatalogRequest): Promise<EventCatalogReply> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.catalog.catalog(request.projectId);
      } catch (error) {
        const resource = exhaustedResource(error);
        if (resource === undefined) throw error;
        if (attempt >= OUT_OF_MEMORY_RETRIES) throw resourceExhaustedError(resource, 'limit', this.db.limits, 'The event catalog', 'retry later');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }
}
