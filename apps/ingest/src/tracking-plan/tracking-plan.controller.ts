import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type GetTrackingPlanRequest,
  type ListTrackingPlanVersionsReply,
  type ListTrackingPlanVersionsRequest,
  type PublishTrackingPlanRequest,
  RPC,
  type SetTrackingPlanModeRequest,
  type TrackingPlanReply,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { TrackingPlanService } from './tracking-plan.service';

/** Request/reply handlers of the tracking plan (called by the gateway over NATS). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class TrackingPlanController {
  constructor(private readonly plans: TrackingPlanService) {}

  @MessagePattern(RPC.ingestTrackingPlanPublish)
  publish(@Payload(new RpcPayloadPipe(RPC.ingestTrackingPlanPublish)) request: PublishTrackingPlanRequest): Promise<TrackingPlanReply> {
    return this.plans.publish(request);
  }

  @MessagePattern(RPC.ingestTrackingPlanGet)
  get(@Payload(new RpcPayloadPipe(RPC.ingestTrackingPlanGet)) request: GetTrackingPlanRequest): Promise<TrackingPlanReply> {
    return this.plans.get(request.projectId, request.version);
  }

  @MessagePattern(RPC.ingestTrackingPlanVersionsList)
  list(@Payload(new RpcPayloadPipe(RPC.ingestTrackingPlanVersionsList)) request: ListTrackingPlanVersionsRequest): Promise<ListTrackingPlanVersionsReply> {
    return this.plans.list(request);
  }

  @MessagePattern(RPC.ingestTrackingPlanModeSet)
  setMode(@Payload(new RpcPayloadPipe(RPC.ingestTrackingPlanModeSet)) request: SetTrackingPlanModeRequest): Promise<TrackingPlanReply> {
    return this.plans.setMode(request.projectId, request.mode);
  }
}
