import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ANALYSIS_LIMITS, RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from '../governance/current-principal.decorator';
import { actorOf } from '../governance/governance-roles';
import { SaveAnalysisInput } from './analyses.input';
import { toAnalysis, toErasureNotice, toInsightResult, toInsightSpec } from './analyses.mapper';
import { Analysis, AnalysisPage, AnalysisReproduction } from './analyses.model';
import { FirstArg, OffsetArg } from './insight.args';
import { INSIGHT_ROLES } from './insights-roles';
import { ProjectTimeZoneLookup } from '../projects/project-time-zone.lookup';
import { stripNulls } from './strip-nulls';

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
  @Roles(...INSIGHT_ROLES.saveAnalysis)
  async saveAnalysis(
    @Args('input', { description: 'The analysis.' }) input: SaveAnalysisInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Analysis> {
    const clean = stripNulls(input);
    const insight = toInsightSpec(clean.insight);
    const timeZone = await this.projects.timeZoneOf(clean.projectId);
    const reply = await this.rpc.request(RPC.analyticsAnalysesSave, {
      projectId: clean.projectId,
      timeZone,
      title: clean.title,
      narrative: clean.narrative,
      insight,
      actor: actorOf(principal),
    });
    return toAnalysis(reply.analysis);
  }

  @Query(() => Analysis, { description: 'One saved analysis (NOT_FOUND when unknown).' })
  async analysis(@Args('id', { type: () => ID, description: 'Analysis id.' }) id: string): Promise<Analysis> {
    return toAnalysis((await this.rpc.request(RPC.analyticsAnalysesGet, { analysisId: id })).analysis);
  }

  @Query(() => AnalysisPage, { description: "A project's saved analyses, newest first." })
  async analyses(
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @FirstArg(ANALYSIS_LIMITS.maxListPage, 'default 20') first?: number | null,
    @OffsetArg() offset?: number | null,
  ): Promise<AnalysisPage> {
    const reply = await this.rpc.request(RPC.analyticsAnalysesList, {
      projectId,
      ...(first !== null && first !== undefined && { limit: first }),
      ...(offset !== null && offset !== undefined && { offset }),
    });
    return { total: reply.total, analyses: reply.analyses.map(toAnalysis) };
  }

  @Query(() => AnalysisReproduction, {
    description:
      'Recomputes a saved analysis as of its data version and in its time zone and compares it with the saved result (NOT_FOUND when unknown). A difference can only come from data erased since; those erasures are listed.',
  })
  async reproduceAnalysis(@Args('id', { type: () => ID, description: 'Analysis id.' }) id: string): Promise<AnalysisReproduction> {
    // The reply carries no kind: read it from the saved analysis (the same answer the service uses).
    const [saved, reply] = await Promise.all([
      this.rpc.request(RPC.analyticsAnalysesGet, { analysisId: id }),
      this.rpc.request(RPC.analyticsAnalysesReproduce, { analysisId: id }),
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
