import { Args, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { AsOfDataVersionArg, ProjectIdArg } from './insight.args';
import { type InsightRequestBasePart, toRequestBase } from './insight-common.mapper';
import { LifecycleInput } from './lifecycle.input';
import { toLifecycleQuery, toLifecycleResult } from './lifecycle.mapper';
import { LifecycleResult } from './lifecycle.model';
import { PathsInput } from './paths.input';
import { toPathsQuery, toPathsResult } from './paths.mapper';
import { PathsResult } from './paths.model';
import { ProjectTimeZoneLookup } from '../projects/project-time-zone.lookup';
import { PropertyCatalogInput } from './property-catalog.input';
import { toPropertyCatalogQuery, toPropertyCatalogResult } from './property-catalog.mapper';
import { PropertyCatalogResult } from './property-catalog.model';
import { RetentionInput } from './retention.input';
import { toRetentionQuery, toRetentionResult } from './retention.mapper';
import { RetentionResult } from './retention.model';
import { StickinessInput } from './stickiness.input';
import { toStickinessQuery, toStickinessResult } from './stickiness.mapper';
import { StickinessResult } from './stickiness.model';
import { stripNulls } from './strip-nulls';
import { TrendInput } from './trend.input';
import { toTrendQuery, toTrendResult } from './trend.mapper';
import { TrendResult } from './trend.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/**
 * The insight queries (funnels are in funnel.resolver.ts). Each is computed by the analytics service
 * in the project's time zone; any authenticated role may ask.
 */
@Resolver()
export class InsightsResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly projects: ProjectTimeZoneLookup,
  ) {}

  @Query(() => TrendResult, { description: 'Series of counts, unique persons, active persons or property aggregates per calendar bucket (docs/metrics.md "Trend").' })
  async trend(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The question.' }) input: TrendInput,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<TrendResult> {
    const query = toTrendQuery(stripNulls(input));
    return toTrendResult(await this.rpc.request(RPC.analyticsTrendGet, { ...(await this.base(projectId, asOfDataVersion, envelope)), query }, { envelope }));
  }

  @Query(() => RetentionResult, { description: 'Which persons of each cohort come back in the periods after it (docs/metrics.md "Retention").' })
  async retention(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The question.' }) input: RetentionInput,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<RetentionResult> {
    const query = toRetentionQuery(stripNulls(input));
    return toRetentionResult(await this.rpc.request(RPC.analyticsRetentionGet, { ...(await this.base(projectId, asOfDataVersion, envelope)), query }, { envelope }));
  }

  @Query(() => StickinessResult, { description: 'How many persons did an event on how many intervals of the range (docs/metrics.md "Stickiness").' })
  async stickiness(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The question.' }) input: StickinessInput,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<StickinessResult> {
    const query = toStickinessQuery(stripNulls(input));
    return toStickinessResult(await this.rpc.request(RPC.analyticsStickinessGet, { ...(await this.base(projectId, asOfDataVersion, envelope)), query }, { envelope }));
  }

  @Query(() => LifecycleResult, { description: 'New, returning, resurrecting and dormant persons per calendar bucket (docs/metrics.md "Lifecycle").' })
  async lifecycle(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The question.' }) input: LifecycleInput,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<LifecycleResult> {
    const query = toLifecycleQuery(stripNulls(input));
    return toLifecycleResult(await this.rpc.request(RPC.analyticsLifecycleGet, { ...(await this.base(projectId, asOfDataVersion, envelope)), query }, { envelope }));
  }

  @Query(() => PathsResult, { description: 'The most common event sequences right after (or before) an anchor event within a session, as a tree (docs/metrics.md "Paths").' })
  async paths(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The question.' }) input: PathsInput,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<PathsResult> {
    const query = toPathsQuery(stripNulls(input));
    return toPathsResult(await this.rpc.request(RPC.analyticsPathsGet, { ...(await this.base(projectId, asOfDataVersion, envelope)), query }, { envelope }));
  }

  @Query(() => PropertyCatalogResult, {
    description: 'The event names and event property keys of a project with their volumes, value types and most frequent values (docs/metrics.md "Property catalog").',
  })
  async propertyCatalog(
    @Envelope() envelope: RequestEnvelope,
    @ProjectIdArg() projectId: string,
    @Args('input', { description: 'The question.' }) input: PropertyCatalogInput,
    @AsOfDataVersionArg() asOfDataVersion?: string | null,
  ): Promise<PropertyCatalogResult> {
    const query = toPropertyCatalogQuery(stripNulls(input));
    const reply = await this.rpc.request(RPC.analyticsPropertyCatalogGet, { ...(await this.base(projectId, asOfDataVersion, envelope)), query }, { envelope });
    return toPropertyCatalogResult(reply);
  }

  /** Mapping the input first refuses a bad one before any request; the zone lookup also refuses an unknown project. */
  private async base(projectId: string, asOfDataVersion: string | null | undefined, envelope: RequestEnvelope): Promise<InsightRequestBasePart> {
    return toRequestBase(projectId, await this.projects.timeZoneOf(projectId, envelope), asOfDataVersion);
  }
}
