import { Injectable } from '@nestjs/common';
import { DomainError, type EvidenceFreshnessReply, type EvidenceFreshnessRequest, RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { EvidenceService } from './evidence.service';

/**
 * Is an attached analysis still true? Analytics asks the analysis's question again at the current
 * data version and compares it with the saved answer (`analytics.analyses.recompute.v1`); the
 * answer is SAME when only the data version differs. A saved analysis never changes, so its saved
 * answer is exactly what the evidence showed when it was attached.
 */
@Injectable()
export class EvidenceFreshnessService {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly rpc: RpcClient,
  ) {}

  async freshness(request: EvidenceFreshnessRequest): Promise<EvidenceFreshnessReply> {
    const evidence = await this.evidence.get(request.projectId, request.evidenceId);
    if (evidence.source.kind !== 'ANALYSIS') {
      throw new DomainError('VALIDATION_FAILED', `Freshness applies to ANALYSIS evidence; evidence ${evidence.id} is ${evidence.source.kind}.`, {
        field: 'evidenceId',
        kind: evidence.source.kind,
      });
    }
    const recomputed = await this.rpc.request(RPC.analyticsAnalysesRecompute, { projectId: request.projectId, analysisId: evidence.source.analysisId });
    const answer = (a: typeof recomputed.saved) => ({ dataVersion: a.dataVersion, queryFingerprint: a.queryFingerprint, result: a.result });
    return {
      evidenceId: evidence.id,
      analysisId: evidence.source.analysisId,
      status: recomputed.sameAnswer ? 'SAME' : 'CHANGED',
      attached: answer(recomputed.saved),
      current: answer(recomputed.current),
      differences: recomputed.differences,
    };
  }
}
