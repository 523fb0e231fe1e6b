import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GOVERNANCE_PAGES,
  type ListAuditsReply,
  type ListAuditsRequest,
  type ListRulesReply,
  type ListRulesRequest,
  RPC,
  type RunAuditReply,
  type RunAuditRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { requestActor } from '../infrastructure/request-actor';
import { AuditsService } from './audits.service';

/** Request/reply handlers of rules and audits (called by the gateway over NATS). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class AuditsController {
  constructor(private readonly audits: AuditsService) {}

  @MessagePattern(RPC.governanceRulesList)
  rules(@Payload(new RpcPayloadPipe(RPC.governanceRulesList)) _request: ListRulesRequest): ListRulesReply {
    return this.audits.listRules();
  }

  @MessagePattern(RPC.governanceAuditsRun)
  run(@Payload(new RpcPayloadPipe(RPC.governanceAuditsRun)) request: RunAuditRequest): Promise<RunAuditReply> {
    return this.audits.run(request, requestActor());
  }

  @MessagePattern(RPC.governanceAuditsList)
  list(@Payload(new RpcPayloadPipe(RPC.governanceAuditsList)) request: ListAuditsRequest): Promise<ListAuditsReply> {
    return this.audits.list(request, request.first ?? GOVERNANCE_PAGES.audits.default);
  }
}
