import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type EraseDecisionSubjectReply,
  type EraseDecisionSubjectRequest,
  GOVERNANCE_PAGES,
  type ListRejectedDecisionsReply,
  type ListRejectedDecisionsRequest,
  RPC,
  type RecordDecisionsReply,
  type RecordDecisionsRequest,
  type RecordOutcomesReply,
  type RecordOutcomesRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { requestActor } from '../infrastructure/request-actor';
import { DecisionsService } from './decisions.service';
import { RejectedDecisionsService } from './rejected-decisions.service';

/** Request/reply handlers of the decision log and its rejected JetStream rows (called by the gateway over NATS); each is scoped to its `projectId`. */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly rejected: RejectedDecisionsService,
  ) {}

  @MessagePattern(RPC.governanceDecisionsRecord)
  record(@Payload(new RpcPayloadPipe(RPC.governanceDecisionsRecord)) request: RecordDecisionsRequest): Promise<RecordDecisionsReply> {
    return this.decisions.record(request, requestActor());
  }

  @MessagePattern(RPC.governanceOutcomesRecord)
  recordOutcomes(@Payload(new RpcPayloadPipe(RPC.governanceOutcomesRecord)) request: RecordOutcomesRequest): Promise<RecordOutcomesReply> {
    return this.decisions.recordOutcomes(request, requestActor());
  }

  @MessagePattern(RPC.governanceDecisionSubjectErase)
  eraseSubject(
    @Payload(new RpcPayloadPipe(RPC.governanceDecisionSubjectErase)) request: EraseDecisionSubjectRequest,
  ): Promise<EraseDecisionSubjectReply> {
    return this.decisions.eraseSubject(request, requestActor());
  }

  @MessagePattern(RPC.governanceRejectedDecisionsList)
  listRejected(
    @Payload(new RpcPayloadPipe(RPC.governanceRejectedDecisionsList)) request: ListRejectedDecisionsRequest,
  ): Promise<ListRejectedDecisionsReply> {
    return this.rejected.list(request, request.first ?? GOVERNANCE_PAGES.rejectedDecisions.default);
  }
}
