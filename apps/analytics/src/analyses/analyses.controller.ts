import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ANALYSES_CURSOR,
  ANALYSIS_LIMITS,
  DomainError,
  type GetAnalysisReply,
  type GetAnalysisRequest,
  type ListAnalysesReply,
  type ListAnalysesRequest,
  RPC,
  type RecomputeAnalysisReply,
  type RecomputeAnalysisRequest,
  type ReproduceAnalysisReply,
  type ReproduceAnalysisRequest,
  type SaveAnalysisReply,
  type SaveAnalysisRequest,
  decodeCursor,
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
    return { analysis: await this.analyses.get(request.projectId, request.analysisId) };
  }

  @MessagePattern(RPC.analyticsAnalysesList)
  list(@Payload(new RpcPayloadPipe(RPC.analyticsAnalysesList)) request: ListAnalysesRequest): Promise<ListAnalysesReply> {
    const after = request.after === undefined ? undefined : decodeCursor(ANALYSES_CURSOR, request.after, 2);
    if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string')) {
      throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
    }
    return this.repository.list(request.projectId, request.first ?? ANALYSIS_LIMITS.defaultListPage, after && { createdMs: after[0] as number, id: after[1] as string });
  }

  @MessagePattern(RPC.analyticsAnalysesReproduce)
  reproduce(@Payload(new RpcPayloadPipe(RPC.analyticsAnalysesReproduce)) request: ReproduceAnalysisRequest): Promise<ReproduceAnalysisReply> {
    return this.analyses.reproduce(request.projectId, request.analysisId);
  }

  @MessagePattern(RPC.analyticsAnalysesRecompute)
  recompute(@Payload(new RpcPayloadPipe(RPC.analyticsAnalysesRecompute)) request: RecomputeAnalysisRequest): Promise<RecomputeAnalysisReply> {
    return this.analyses.recompute(request.projectId, request.analysisId);
  }
}
