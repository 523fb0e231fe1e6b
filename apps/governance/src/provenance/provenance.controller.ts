import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type DecisionProvenanceReply, type DecisionProvenanceRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { ProvenanceService } from './provenance.service';

@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class ProvenanceController {
  constructor(private readonly provenance: ProvenanceService) {}

  @MessagePattern(RPC.governanceDecisionProvenanceGet)
  get(@Payload(new RpcPayloadPipe(RPC.governanceDecisionProvenanceGet)) request: DecisionProvenanceRequest): Promise<DecisionProvenanceReply> {
    return this.provenance.get(request.projectId, request.decisionId);
  }
}
