import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type FunnelPersonsReply,
  type FunnelPersonsRequest,
  type FunnelReply,
  type FunnelRequest,
  type LifecycleReply,
  type LifecycleRequest,
  type PathsReply,
  type PathsRequest,
  type PropertyCatalogReply,
  type PropertyCatalogRequest,
  RPC,
  type RetentionReply,
  type RetentionRequest,
  type StickinessReply,
  type StickinessRequest,
  type TrendReply,
  type TrendRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { runFunnelPersons } from './funnel/funnel.engine';
import { INSIGHT_KIND_REGISTRY } from './insight-kinds.registry';
import { InsightExecutor } from './insight.executor';

/** The insight engine's request/reply handlers: validate, run in one snapshot, wrap in the envelope. */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class InsightsController {
  constructor(private readonly executor: InsightExecutor) {}

  @MessagePattern(RPC.analyticsTrendGet)
  trend(@Payload(new RpcPayloadPipe(RPC.analyticsTrendGet)) request: TrendRequest): Promise<TrendReply> {
    return this.executor.run('TREND', request, INSIGHT_KIND_REGISTRY.TREND.run);
  }

  @MessagePattern(RPC.analyticsFunnelGet)
  funnel(@Payload(new RpcPayloadPipe(RPC.analyticsFunnelGet)) request: FunnelRequest): Promise<FunnelReply> {
    return this.executor.run('FUNNEL', request, INSIGHT_KIND_REGISTRY.FUNNEL.run);
  }

  @MessagePattern(RPC.analyticsFunnelPersonsGet)
  funnelPersons(@Payload(new RpcPayloadPipe(RPC.analyticsFunnelPersonsGet)) request: FunnelPersonsRequest): Promise<FunnelPersonsReply> {
    return this.executor.run('FUNNEL_PERSONS', request, runFunnelPersons);
  }

  @MessagePattern(RPC.analyticsRetentionGet)
  retention(@Payload(new RpcPayloadPipe(RPC.analyticsRetentionGet)) request: RetentionRequest): Promise<RetentionReply> {
    return this.executor.run('RETENTION', request, INSIGHT_KIND_REGISTRY.RETENTION.run);
  }

  @MessagePattern(RPC.analyticsStickinessGet)
  stickiness(@Payload(new RpcPayloadPipe(RPC.analyticsStickinessGet)) request: StickinessRequest): Promise<StickinessReply> {
    return this.executor.run('STICKINESS', request, INSIGHT_KIND_REGISTRY.STICKINESS.run);
  }

  @MessagePattern(RPC.analyticsLifecycleGet)
  lifecycle(@Payload(new RpcPayloadPipe(RPC.analyticsLifecycleGet)) request: LifecycleRequest): Promise<LifecycleReply> {
    return this.executor.run('LIFECYCLE', request, INSIGHT_KIND_REGISTRY.LIFECYCLE.run);
  }

  @MessagePattern(RPC.analyticsPathsGet)
  paths(@Payload(new RpcPayloadPipe(RPC.analyticsPathsGet)) request: PathsRequest): Promise<PathsReply> {
    return this.executor.run('PATHS', request, INSIGHT_KIND_REGISTRY.PATHS.run);
  }

  @MessagePattern(RPC.analyticsPropertyCatalogGet)
  propertyCatalog(@Payload(new RpcPayloadPipe(RPC.analyticsPropertyCatalogGet)) request: PropertyCatalogRequest): Promise<PropertyCatalogReply> {
    return this.executor.run('PROPERTY_CATALOG', request, INSIGHT_KIND_REGISTRY.PROPERTY_CATALOG.run);
  }
}
