import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { type FunnelPersonStatus, INSIGHT_LIMITS, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { FunnelPersonStatusEnum } from './funnel.enums';
import { BreakdownValueInput, FunnelInput } from './funnel.input';
import { toFunnelPersonsQuery, toFunnelPersonsResult, toFunnelQuery, toFunnelResult } from './funnel.mapper';
import { FunnelPersonsResult, FunnelResult } from './funnel.model';
import { AsOfDataVersionArg, ProjectIdArg } from './insight.args';
import { toRequestBase } from './insight-common.mapper';
import { ProjectTimeZoneLookup } from '../projects/project-time-zone.lookup';
import { stripNulls } from './strip-nulls';
import { Envelope } from '../envelope/request-envelope.decorator';

/** Funnels and the persons behind their steps (any authenticated role may ask). */
@Resolver(() => FunnelResult)
export class FunnelResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly projects: ProjectTimeZoneLookup,
  ) {}

  @Query(() => FunnelResult, { description: 'How many persons went through a sequence of steps within a conversion window, with conversion rates, times to convert and drop-off (docs/metrics.md "Funnel").' })
  async funnel(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The question.' }) input: FunnelInput,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<FunnelResult> {
    const query = toFunnelQuery(stripNulls(input));
    const timeZone = await this.projects.timeZoneOf(projectId, envelope);
    return toFunnelResult(await this.rpc.request(RPC.analyticsFunnelGet, { ...toRequestBase(projectId, timeZone, asOfDataVersion), query }, { envelope }));
  }

  @Query(() => FunnelPersonsResult, {
    description:
      'The persons behind one step of a funnel (who reached it, or who dropped off there), a page at a time by person id. Ask with the same input and asOfDataVersion as the funnel to list exactly the persons it counted.',
  })
  async funnelPersons(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The funnel, as for the `funnel` query.' }) input: FunnelInput,
    @Args('step', { type: () => Int, description: '0-based step index.' }) step: number,
    @Args('status', { type: () => FunnelPersonStatusEnum, description: 'REACHED: furthest step this one or later; DROPPED: furthest step this one (not the last step).' })
    status: FunnelPersonStatus,
    @Args('first', { type: () => Int, nullable: true, description: `Page size: default 100, at most ${INSIGHT_LIMITS.maxPageSize}.` }) first?: number | null,
    @Args('after', { type: () => String, nullable: true, description: 'The `pageInfo.endCursor` of the previous page (start when omitted).' }) after?: string | null,
    @Args('breakdownValue', { type: () => BreakdownValueInput, nullable: true, description: 'Only the persons of this breakdown row (the input needs a breakdown).' })
    breakdownValue?: BreakdownValueInput | null,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<FunnelPersonsResult> {
    const page = stripNulls({ step, status, first, after, breakdownValue });
    const query = toFunnelPersonsQuery(stripNulls(input), page);
    const timeZone = await this.projects.timeZoneOf(projectId, envelope);
    const reply = await this.rpc.request(RPC.analyticsFunnelPersonsGet, { ...toRequestBase(projectId, timeZone, asOfDataVersion), query }, { envelope });
    return toFunnelPersonsResult(reply);
  }
}
