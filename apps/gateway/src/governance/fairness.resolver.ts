import { Args, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { FairnessReportInput } from './fairness.input';
import { toFairnessReportRequest } from './fairness.mapper';
import { FairnessReport } from './fairness.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/** Group fairness metrics of a project's model version (every member may read them). */
@Resolver(() => FairnessReport)
export class FairnessResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => FairnessReport, {
    description: "Group fairness metrics of a model version's recorded decisions, per group of the given protected attributes, with a summary and the conventions used.",
  })
  async fairnessReport(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'What to compare.' }) input: FairnessReportInput): Promise<FairnessReport> {
    const reply = await this.rpc.request(RPC.governanceFairnessReportGet, toFairnessReportRequest(input), { envelope });
    return {
      modelVersionId: reply.modelVersionId,
      attributes: reply.attributes,
      referenceGroup: reply.referenceGroup,
      minGroupSize: reply.minGroupSize,
      conventions: reply.conventions,
      groups: reply.groups,
      summary: reply.summary,
      totals: reply.totals,
      warnings: reply.warnings,
    };
  }
}
