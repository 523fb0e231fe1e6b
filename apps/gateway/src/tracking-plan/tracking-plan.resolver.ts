import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError, RPC, TRACKING_PLAN_RPC_LIMITS, type TrackingPlanMode } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { Envelope } from '../envelope/request-envelope.decorator';
import { GraphQLJSON, type JsonValue } from '../governance/json.scalar';
import { PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { TrackingPlanModeEnum } from './tracking-plan.enums';
import { PublishTrackingPlanInput } from './tracking-plan.input';
import { toTrackingPlanModel, toTrackingPlanVersionSummaryModel } from './tracking-plan.mapper';
import { TrackingPlan, TrackingPlanVersionSummaryConnection } from './tracking-plan.model';

const VERSION_ARG = { type: () => Int, nullable: true, description: 'A version number (the current version when left out).' } as const;

/**
 * A project's tracking plan (owned by ingest; docs/tracking-plan.md): read any version, list the
 * versions, publish or import a whole document, export one, set the mode. Who may call what:
 * auth/authorization.matrix.ts (the tracking plan block).
 */
@Resolver(() => TrackingPlan)
export class TrackingPlanResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => TrackingPlan, {
    description: "A project's tracking plan: its mode, its current version and the version asked for (the current one by default; NOT_FOUND for a version it does not have).",
  })
  async trackingPlan(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('version', VERSION_ARG) version?: number | null,
  ): Promise<TrackingPlan> {
    const reply = await this.rpc.request(RPC.ingestTrackingPlanGet, { projectId, ...(version != null && { version }) }, { envelope });
    return toTrackingPlanModel(reply);
  }

  @Query(() => TrackingPlanVersionSummaryConnection, { description: "A project's plan versions, newest first, without their documents." })
  async trackingPlanVersions(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @PageFirstArg(TRACKING_PLAN_RPC_LIMITS.maxPageSize, TRACKING_PLAN_RPC_LIMITS.defaultPageSize) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<TrackingPlanVersionSummaryConnection> {
    const page = await this.rpc.request(RPC.ingestTrackingPlanVersionsList, { projectId, ...pageRequest(first, after) }, { envelope });
    return toConnection(page, toTrackingPlanVersionSummaryModel);
  }

  @Query(() => GraphQLJSON, {
    nullable: true,
    description: 'A version of the plan as one JSON document (the current one by default), exactly what publishTrackingPlan takes: null while nothing is published.',
  })
  async exportTrackingPlan(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('version', VERSION_ARG) version?: number | null,
  ): Promise<JsonValue> {
    const reply = await this.rpc.request(RPC.ingestTrackingPlanGet, { projectId, ...(version != null && { version }) }, { envelope });
    return reply.plan === null ? null : (reply.plan.document as unknown as JsonValue);
  }

  @Mutation(() => TrackingPlan, {
    description:
      'Publishes a whole plan document as the next version (also how an exported plan is imported). Every definition is compared with the current version: a new one is 1-0-0, an unchanged schema keeps its SchemaVer, a changed one is one step on and at least the step the change needs (SCHEMA_CHANGE_MISLABELLED); none may be left out (DEFINITION_REMOVED: deprecate it). A stale basedOnVersion is CONFLICT.',
  })
  async publishTrackingPlan(@Envelope() envelope: RequestEnvelope, @Args('input') input: PublishTrackingPlanInput): Promise<TrackingPlan> {
    const document = input.document;
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new DomainError('VALIDATION_FAILED', 'document must be a JSON object: { events: [...], traits }', { field: 'input.document' });
    }
    const reply = await this.rpc.request(
      RPC.ingestTrackingPlanPublish,
      { projectId: input.projectId, basedOnVersion: input.basedOnVersion ?? null, document, ...(input.note != null && { note: input.note }) },
      { envelope },
    );
    return toTrackingPlanModel(reply);
  }

  @Mutation(() => TrackingPlan, { description: 'Sets how events are checked against the plan (within 1 s on every collector). Setting the mode it has changes nothing.' })
  async setTrackingPlanMode(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('mode', { type: () => TrackingPlanModeEnum }) mode: TrackingPlanMode,
  ): Promise<TrackingPlan> {
    return toTrackingPlanModel(await this.rpc.request(RPC.ingestTrackingPlanModeSet, { projectId, mode }, { envelope }));
  }
}
