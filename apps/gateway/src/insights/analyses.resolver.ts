import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ANALYSIS_LIMITS, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { SaveAnalysisInput } from './analyses.input';
import { toAnalysis, toErasureNotice, toInsightResult, toInsightSpec } from './analyses.mapper';
import { Analysis, AnalysisConnection, AnalysisReproduction } from './analyses.model';
import { PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { ProjectIdArg } from './insight.args';
import { ProjectTimeZoneLookup } from '../projects/project-time-zone.lookup';
import { stripNulls } from './strip-nulls';
import { Envelope } from '../envelope/request-envelope.decorator';

/** Reproducible analyses: save an insight with its answer and data version, read, reproduce. */
@Resolver(() => Analysis)
export class AnalysesResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly projects: ProjectTimeZoneLookup,
  ) {}

  @Mutation(() => Analysis, {
    description:
      "Computes an insight now, in the project's time zone at the current data version, and saves question, answer and narrative as an analysis (data scientists, PMs and admins). Anyone can then reproduce it on exactly the same data.",
  })
  async saveAnalysis(
    @Envelope() envelope: RequestEnvelope,
    @Args('input', { description: 'The analysis.' }) input: SaveAnalysisInput,
  ): Promise<Analysis> {
    const clean = stripNulls(input);
    const insight = toInsightSpec(clean.insight);
    const timeZone = await this.projects.timeZoneOf(clean.projectId, envelope);
    const reply = await this.rpc.request(RPC.analyticsAnalysesSave, {
      projectId: clean.projectId,
      timeZone,
      title: clean.title,
      narrative: clean.narrative,
      insight,
    }, { envelope });
    return toAnalysis(reply.analysis);
  }

  @Query(() => Analysis, { description: 'One saved analysis (NOT_FOUND when unknown or of another project).' })
  async analysis(@Envelope() envelope: RequestEnvelope, @ProjectIdArg() projectId: string, @Args('id', { type: () => ID, description: 'Analysis id.' }) id: string): Promise<Analysis> {
    return toAnalysis((await this.rpc.request(RPC.analyticsAnalysesGet, { projectId, analysisId: id }, { envelope })).analysis);
  }

  @Query(() => AnalysisConnection, { description: "A project's saved analyses, newest first." })
  async analyses(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @PageFirstArg(ANALYSIS_LIMITS.maxListPage, ANALYSIS_LIMITS.defaultListPage) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<AnalysisConnection> {
    return toConnection(await this.rpc.request(RPC.analyticsAnalysesList, { projectId, ...pageRequest(first, after) }, { envelope }), toAnalysis);
  }

  @Query(() => AnalysisReproduction, {
    description:
      'Recomputes a saved analysis as of its data version and in its time zone and compares it with the saved result (NOT_FOUND when unknown or of another project). A difference can only come from data erased since; those erasures are listed.',
  })
  async reproduceAnalysis(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('id', { type: () => ID, description: 'Analysis id.' }) id: string,
  ): Promise<AnalysisReproduction> {
    // The reply carries no kind: read it from the saved analysis (the same answer the service uses).
    const [saved, reply] = await Promise.all([
      this.rpc.request(RPC.analyticsAnalysesGet, { projectId, analysisId: id }, { envelope }),
      this.rpc.request(RPC.analyticsAnalysesReproduce, { projectId, analysisId: id }, { envelope }),
    ]);
    return {
      analysisId: reply.analysisId,
      identical: reply.identical,
      dataVersion: reply.dataVersion,
      resultDigest: reply.resultDigest,
      result: toInsightResult(saved.analysis.insight.kind, reply.result),
      erasures: reply.erasures.map(toErasureNotice),
      differences: reply.differences,
    };
  }
}
