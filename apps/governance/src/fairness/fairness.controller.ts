import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type FairnessReportReply, type FairnessReportRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { FairnessReportService } from './fairness-report.service';

@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class FairnessController {
  constructor(private readonly reports: FairnessReportService) {}

  @MessagePattern(RPC.governanceFairnessReportGet)
  report(@Payload(new RpcPayloadPipe(RPC.governanceFairnessReportGet)) request: FairnessReportRequest): Promise<FairnessReportReply> {
    return this.reports.report(request);
  }
}
