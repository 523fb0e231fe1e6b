import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type DefineSuccessMetricRequest,
  type EditSuccessMetricRequest,
  type EvaluateSuccessMetricsReply,
  type EvaluateSuccessMetricsRequest,
  type ListSuccessMetricEvaluationsReply,
  type ListSuccessMetricEvaluationsRequest,
  type ListSuccessMetricsReply,
  type ListSuccessMetricsRequest,
  RPC,
  type ReevaluateSuccessMetricAtReply,
  type ReevaluateSuccessMetricAtRequest,
  type RetireSuccessMetricRequest,
  type SuccessMetricChangeReply,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { SuccessMetricDefinitionsService } from './success-metric-definitions.service';
import { SuccessMetricEvaluationsService } from './success-metric-evaluations.service';

/** Request/reply handlers of success metrics; every request is scoped to its `projectId`, the actor is the envelope's. */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class SuccessMetricsController {
  constructor(
    private readonly definitions: SuccessMetricDefinitionsService,
    private readonly evaluations: SuccessMetricEvaluationsService,
  ) {}

  @MessagePattern(RPC.backlogSuccessMetricsDefine)
  define(@Payload(new RpcPayloadPipe(RPC.backlogSuccessMetricsDefine)) request: DefineSuccessMetricRequest): Promise<SuccessMetricChangeReply> {
    return this.definitions.define(request);
  }

  @MessagePattern(RPC.backlogSuccessMetricsEdit)
  edit(@Payload(new RpcPayloadPipe(RPC.backlogSuccessMetricsEdit)) request: EditSuccessMetricRequest): Promise<SuccessMetricChangeReply> {
    return this.definitions.edit(request);
  }

  @MessagePattern(RPC.backlogSuccessMetricsRetire)
  retire(@Payload(new RpcPayloadPipe(RPC.backlogSuccessMetricsRetire)) request: RetireSuccessMetricRequest): Promise<SuccessMetricChangeReply> {
    return this.definitions.retire(request);
  }

  @MessagePattern(RPC.backlogSuccessMetricsList)
  list(@Payload(new RpcPayloadPipe(RPC.backlogSuccessMetricsList)) request: ListSuccessMetricsRequest): Promise<ListSuccessMetricsReply> {
    return this.definitions.list(request);
  }

  @MessagePattern(RPC.backlogSuccessMetricsEvaluate)
  evaluate(@Payload(new RpcPayloadPipe(RPC.backlogSuccessMetricsEvaluate)) request: EvaluateSuccessMetricsRequest): Promise<EvaluateSuccessMetricsReply> {
    return this.evaluations.evaluate(request.projectId, request.itemId, 'REQUEST');
  }

  @MessagePattern(RPC.backlogSuccessMetricsEvaluationsList)
  evaluationsList(
    @Payload(new RpcPayloadPipe(RPC.backlogSuccessMetricsEvaluationsList)) request: ListSuccessMetricEvaluationsRequest,
  ): Promise<ListSuccessMetricEvaluationsReply> {
    return this.evaluations.list(request);
  }

  @MessagePattern(RPC.backlogSuccessMetricsReevaluateAt)
  reevaluateAt(@Payload(new RpcPayloadPipe(RPC.backlogSuccessMetricsReevaluateAt)) request: ReevaluateSuccessMetricAtRequest): Promise<ReevaluateSuccessMetricAtReply> {
    return this.evaluations.reevaluateAt(request);
  }
}
