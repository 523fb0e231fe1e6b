import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type AttachEvidenceRequest, DomainError, EVIDENCE_LIMITS, type EvidenceSourceInput, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { BacklogItemIdArg, BacklogProjectArg } from './backlog.args';
import { AttachAnalysisEvidenceInput, AttachGovernanceEvidenceInput, AttachLinkEvidenceInput, WithdrawEvidenceInput } from './evidence.input';
import { toAnalysisBacklogItem, toEvidence, toEvidenceChange, toEvidenceFreshness, toFairnessReportParameters } from './evidence.mapper';
import { AnalysisBacklogItem, Evidence, EvidenceChange, EvidenceConnection, EvidenceFreshness } from './evidence.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/** What every attach mutation shares. */
interface AttachCommon {
  projectId: string;
  itemId: string;
  expectedVersion: number;
  stance: AttachEvidenceRequest['stance'];
  narrative?: string | null;
}

/**
 * Evidence on backlog items, split by source so that each has its row in the authorization matrix:
 * analyses and governance records (data scientists), web pages (everyone who edits). The backlog
 * service verifies each source with its owning service when it is attached.
 */
@Resolver(() => Evidence)
export class EvidenceResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => EvidenceConnection, { description: "An item's evidence, oldest first, withdrawn evidence included (and marked)." })
  async backlogItemEvidence(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @BacklogItemIdArg() itemId: string,
    @PageFirstArg(EVIDENCE_LIMITS.maxListPage, EVIDENCE_LIMITS.defaultListPage) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<EvidenceConnection> {
    return toConnection(await this.rpc.request(RPC.backlogEvidenceList, { projectId, itemId, ...pageRequest(first, after) }, { envelope }), toEvidence);
  }

  @Query(() => EvidenceFreshness, {
    description:
      'Recomputes attached analysis evidence at the current data version and says whether it still shows the same (SAME) or not (CHANGED), with both answers. Only ANALYSIS evidence can be recomputed (other kinds: VALIDATION_FAILED).',
  })
  async evidenceFreshness(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @Args('evidenceId', { type: () => ID, description: 'The evidence.' }) evidenceId: string,
  ): Promise<EvidenceFreshness> {
    const reply = await this.rpc.request(RPC.backlogEvidenceFreshness, { projectId, evidenceId }, { envelope });
    // The reply carries no insight kind: read it from the saved analysis (which never changes).
    const { analysis } = await this.rpc.request(RPC.analyticsAnalysesGet, { projectId, analysisId: reply.analysisId }, { envelope });
    return toEvidenceFreshness(analysis.insight.kind, reply);
  }

  @Query(() => [AnalysisBacklogItem], { description: 'The items a saved analysis is attached to as evidence, by item number.' })
  async analysisBacklogItems(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @Args('analysisId', { type: () => ID, description: 'The analysis.' }) analysisId: string,
  ): Promise<AnalysisBacklogItem[]> {
    return (await this.rpc.request(RPC.backlogEvidenceItemsForAnalysis, { projectId, analysisId }, { envelope })).items.map(toAnalysisBacklogItem);
  }

  @Mutation(() => EvidenceChange, { description: 'Attaches a saved analysis of the project to an item as evidence.' })
  async attachAnalysisEvidence(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The evidence.' }) input: AttachAnalysisEvidenceInput): Promise<EvidenceChange> {
    return this.attach(input, { kind: 'ANALYSIS', analysisId: input.analysisId }, envelope);
  }

  @Mutation(() => EvidenceChange, { description: 'Attaches a model version, an audit or a fairness report (exactly one) to an item as evidence.' })
  async attachGovernanceEvidence(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The evidence.' }) input: AttachGovernanceEvidenceInput): Promise<EvidenceChange> {
    const given = (['modelVersionId', 'auditId', 'fairnessReport'] as const).filter((field) => input[field] !== null && input[field] !== undefined);
    if (given.length !== 1) {
      throw new DomainError('VALIDATION_FAILED', `Give exactly one of modelVersionId, auditId and fairnessReport; ${given.length === 0 ? 'none is' : `${given.join(' and ')} are`} given.`, {
        fields: ['modelVersionId', 'auditId', 'fairnessReport'],
        given,
      });
    }
    let source: EvidenceSourceInput;
    if (input.modelVersionId) source = { kind: 'MODEL_VERSION', modelVersionId: input.modelVersionId };
    else if (input.auditId) source = { kind: 'AUDIT', auditId: input.auditId };
    else source = { kind: 'FAIRNESS_REPORT', report: toFairnessReportParameters(input.fairnessReport as NonNullable<typeof input.fairnessReport>, input.projectId) };
    return this.attach(input, source, envelope);
  }

  @Mutation(() => EvidenceChange, { description: 'Attaches a web page (http or https URL) to an item as evidence.' })
  async attachLinkEvidence(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The evidence.' }) input: AttachLinkEvidenceInput): Promise<EvidenceChange> {
    return this.attach(input, { kind: 'URL', url: input.url }, envelope);
  }

  @Mutation(() => EvidenceChange, { description: 'Withdraws evidence with a reason; it stays readable, marked withdrawn (evidence is never deleted).' })
  async withdrawEvidence(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The withdrawal.' }) input: WithdrawEvidenceInput): Promise<EvidenceChange> {
    const { projectId, evidenceId, expectedVersion, reason } = input;
    return toEvidenceChange(await this.rpc.request(RPC.backlogEvidenceWithdraw, { projectId, evidenceId, expectedVersion, reason }, { envelope }));
  }

  private async attach(input: AttachCommon, source: EvidenceSourceInput, envelope: RequestEnvelope): Promise<EvidenceChange> {
    const reply = await this.rpc.request(RPC.backlogEvidenceAttach, {
      projectId: input.projectId,
      itemId: input.itemId,
      expectedVersion: input.expectedVersion,
      source,
      stance: input.stance,
      narrative: input.narrative ?? '',
    }, { envelope });
    return toEvidenceChange(reply);
  }
}
