import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AttachEvidenceReply,
  type AttachEvidenceRequest,
  type EvidenceFreshnessReply,
  type EvidenceFreshnessRequest,
  type ItemsForAnalysisReply,
  type ItemsForAnalysisRequest,
  type ListEvidenceReply,
  type ListEvidenceRequest,
  RPC,
  type WithdrawEvidenceReply,
  type WithdrawEvidenceRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { EvidenceFreshnessService } from './evidence-freshness.service';
import { EvidenceService } from './evidence.service';

/** Request/reply handlers of evidence on items; every request is scoped to its `projectId`, the actor is the envelope's. */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly freshnessService: EvidenceFreshnessService,
  ) {}

  @MessagePattern(RPC.backlogEvidenceAttach)
  attach(@Payload(new RpcPayloadPipe(RPC.backlogEvidenceAttach)) request: AttachEvidenceRequest): Promise<AttachEvidenceReply> {
    return this.evidence.attach(request);
  }

  @MessagePattern(RPC.backlogEvidenceWithdraw)
  withdraw(@Payload(new RpcPayloadPipe(RPC.backlogEvidenceWithdraw)) request: WithdrawEvidenceRequest): Promise<WithdrawEvidenceReply> {
    return this.evidence.withdraw(request);
  }

  @MessagePattern(RPC.backlogEvidenceList)
  list(@Payload(new RpcPayloadPipe(RPC.backlogEvidenceList)) request: ListEvidenceRequest): Promise<ListEvidenceReply> {
    return this.evidence.list(request);
  }

  @MessagePattern(RPC.backlogEvidenceFreshness)
  freshness(@Payload(new RpcPayloadPipe(RPC.backlogEvidenceFreshness)) request: EvidenceFreshnessRequest): Promise<EvidenceFreshnessReply> {
    return this.freshnessService.freshness(request);
  }

  @MessagePattern(RPC.backlogEvidenceItemsForAnalysis)
  itemsForAnalysis(@Payload(new RpcPayloadPipe(RPC.backlogEvidenceItemsForAnalysis)) request: ItemsForAnalysisRequest): Promise<ItemsForAnalysisReply> {
    return this.evidence.itemsForAnalysis(request);
  }
}
