import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RPC, SUCCESS_METRIC_LIMITS } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { ProjectTimeZoneLookup } from '../projects/project-time-zone.lookup';
import { BacklogItemIdArg, BacklogProjectArg } from './backlog.args';
import { DefineSuccessMetricInput, EditSuccessMetricInput, RetireSuccessMetricInput } from './success-metrics.input';
import {
  toSuccessMetric,
  toSuccessMetricChange,
  toSuccessMetricDefinitionRequest,
  toSuccessMetricEvaluation,
  toSuccessMetricReproduction,
} from './success-metrics.mapper';
import { SuccessMetric, SuccessMetricChange, SuccessMetricEvaluation, SuccessMetricEvaluationConnection, SuccessMetricReproduction } from './success-metrics.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/**
 * Success metrics of backlog items: defined on an insight of the insights API, evaluated through
 * analytics by the backlog service, every evaluation stored immutably. Definitions are computed in
 * the project's time zone, which the gateway supplies (clients never pass a zone).
 */
@Resolver(() => SuccessMetric)
export class SuccessMetricsResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeZones: ProjectTimeZoneLookup,
  ) {}

  @Query(() => [SuccessMetric], { description: "An item's success metrics, active ones first (in defined order), then retired ones; each with its latest evaluation." })
  async backlogItemSuccessMetrics(@Envelope() envelope: RequestEnvelope, @BacklogProjectArg() projectId: string, @BacklogItemIdArg() itemId: string): Promise<SuccessMetric[]> {
    return (await this.rpc.request(RPC.backlogSuccessMetricsList, { projectId, itemId }, { envelope })).metrics.map(toSuccessMetric);
  }

  @Query(() => SuccessMetricEvaluationConnection, { description: "A success metric's evaluations, newest first." })
  async successMetricEvaluations(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @Args('metricId', { type: () => ID, description: 'The metric (SUCCESS_METRIC_NOT_FOUND, extensions.code NOT_FOUND, when not in the project).' }) metricId: string,
    @PageFirstArg(SUCCESS_METRIC_LIMITS.maxEvaluationsPage, SUCCESS_METRIC_LIMITS.defaultEvaluationsPage) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<SuccessMetricEvaluationConnection> {
    const page = await this.rpc.request(RPC.backlogSuccessMetricsEvaluationsList, { projectId, metricId, ...pageRequest(first, after) }, { envelope });
    return toConnection(page, toSuccessMetricEvaluation);
  }

  @Query(() => SuccessMetricReproduction, {
    description: 'Recomputes a stored evaluation exactly as it was made (its definition, ranges and data version) and compares; stores nothing.',
  })
  async reproduceSuccessMetricEvaluation(
    @Envelope() envelope: RequestEnvelope,
    @BacklogProjectArg() projectId: string,
    @Args('evaluationId', { type: () => ID, description: 'The evaluation.' }) evaluationId: string,
  ): Promise<SuccessMetricReproduction> {
    return toSuccessMetricReproduction(await this.rpc.request(RPC.backlogSuccessMetricsReevaluateAt, { projectId, evaluationId }, { envelope }));
  }

  @Mutation(() => SuccessMetricChange, { description: 'Defines a success metric on an item (at most 5 active per item), in the project’s time zone.' })
  async defineSuccessMetric(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The metric.' }) input: DefineSuccessMetricInput): Promise<SuccessMetricChange> {
    const definition = toSuccessMetricDefinitionRequest(input.definition, await this.timeZones.timeZoneOf(input.projectId, envelope));
    const reply = await this.rpc.request(RPC.backlogSuccessMetricsDefine, { projectId: input.projectId, itemId: input.itemId, expectedVersion: input.expectedVersion, definition }, { envelope });
    return toSuccessMetricChange(reply);
  }

  @Mutation(() => SuccessMetricChange, { description: "Replaces a success metric's definition (a new revision; past evaluations keep theirs)." })
  async editSuccessMetric(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The new definition.' }) input: EditSuccessMetricInput): Promise<SuccessMetricChange> {
    const definition = toSuccessMetricDefinitionRequest(input.definition, await this.timeZones.timeZoneOf(input.projectId, envelope));
    const reply = await this.rpc.request(RPC.backlogSuccessMetricsEdit, { projectId: input.projectId, metricId: input.metricId, expectedVersion: input.expectedVersion, definition }, { envelope });
    return toSuccessMetricChange(reply);
  }

  @Mutation(() => SuccessMetricChange, { description: 'Retires a success metric: it keeps its history and no longer gates acceptance (metrics are never deleted).' })
  async retireSuccessMetric(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The retirement.' }) input: RetireSuccessMetricInput): Promise<SuccessMetricChange> {
    const { projectId, metricId, expectedVersion, reason } = input;
    return toSuccessMetricChange(await this.rpc.request(RPC.backlogSuccessMetricsRetire, { projectId, metricId, expectedVersion, reason }, { envelope }));
  }

  @Mutation(() => [SuccessMetricEvaluation], { description: "Evaluates every active success metric of an item now and stores each evaluation; one per active metric, in the metrics' order." })
  async evaluateSuccessMetrics(@Envelope() envelope: RequestEnvelope, @BacklogProjectArg() projectId: string, @BacklogItemIdArg() itemId: string): Promise<SuccessMetricEvaluation[]> {
    return (await this.rpc.request(RPC.backlogSuccessMetricsEvaluate, { projectId, itemId }, { envelope })).evaluations.map(toSuccessMetricEvaluation);
  }
}
