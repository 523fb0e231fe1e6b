import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type GetAnalysisReply,
  type GetAnalysisRequest,
  type ListAnalysesReply,
  type ListAnalysesRequest,
  RPC,
  type ReproduceAnalysisReply,
  type ReproduceAnalysisRequest,
  type SaveAnalysisReply,
  type SaveAnalysisRequest,
} from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { AnalysesRepository } from './analyses.repository';
import { AnalysesService } from './analyses.service';

@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class AnalysesController {
  constructor(
    private readonly analyses: AnalysesService,
    private readonly repository: AnalysesRepository,
  ) {}

  @MessagePattern(RPC.analyticsAnalysesSave)
  async save(@Payload(new RpcPayloadPipe(RPC.analyticsAnalysesSave)) request: SaveAnalysisRequest): Promise<SaveAnalysisReply> {
    return { analysis: await this.analyses.save(request) };
  }

  @MessagePattern(RPC.analyticsAnalysesGet)
  async get(@Payload(new RpcPayloadPipe(RPC.analyticsAnalysesGet)) request: GetAnalysisRequest): Promise<GetAnalysisReply> {
    return { analysis: await this.analyses.get(request.analysisId) };
  }

  @MessagePattern(RPC.analyticsAnalysesList)
  list(@Payload(new RpcPayloadPipe(RPC.analyticsAnalysesList)) request: ListAnalysesRequest): Promise<ListAnalysesReply> {
    return this.repository.list(request.projectId, request.limit ?? 20, request.offset ?? 0);
  }

  @MessagePattern(RPC.analyticsAnalysesReproduce)
  reproduce(@Payload(new RpcPayloadPipe(RPC.analyticsAnalysesReproduce)) request: ReproduceAnalysisRequest): Promise<ReproduceAnalysisReply> {
    return this.analyses.reproduce(request.analysisId);
  }
}
