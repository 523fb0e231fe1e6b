import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { DecisionInput, OutcomeInput } from './decisions.input';
import { assertBatchSize, toDecisionDto, toOutcomeDto } from './decisions.mapper';
import { EraseDecisionSubjectResult, RecordDecisionsResult, RecordOutcomesResult } from './decisions.model';
import { Envelope } from '../envelope/request-envelope.decorator';

const projectArg = { type: () => ID, description: 'The project.' } as const;

/** A project's decision log: decisions, their later outcomes, and erasure (roles: auth/authorization.matrix.ts). */
@Resolver(() => RecordDecisionsResult)
export class DecisionsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => RecordDecisionsResult, {
    description:
      'Records decisions of a model version, at most 10,000 per call (more: BAD_USER_INPUT). Idempotent by decisionId; bad rows are rejected one by one (data scientists and admins).',
  })
  async recordDecisions(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('modelVersionId', { type: () => ID, description: 'The model version that made the decisions (NOT_FOUND when not in the project).' }) modelVersionId: string,
    @Args('decisions', { type: () => [DecisionInput], description: 'The decisions, 1 to 10,000.' }) decisions: DecisionInput[],
  ): Promise<RecordDecisionsResult> {
    assertBatchSize('decisions', decisions.length);
    return this.rpc.request(RPC.governanceDecisionsRecord, {
      projectId,
      modelVersionId,
      decisions: decisions.map(toDecisionDto),
    }, { envelope });
  }

  @Mutation(() => RecordOutcomesResult, {
    description: 'Records the observed ground truth of earlier decisions, at most 10,000 per call (data scientists and admins).',
  })
  async recordOutcomes(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('modelVersionId', { type: () => ID, description: 'The model version that made the decisions (NOT_FOUND when not in the project).' }) modelVersionId: string,
    @Args('outcomes', { type: () => [OutcomeInput], description: 'The outcomes, 1 to 10,000.' }) outcomes: OutcomeInput[],
  ): Promise<RecordOutcomesResult> {
    assertBatchSize('outcomes', outcomes.length);
    return this.rpc.request(RPC.governanceOutcomesRecord, {
      projectId,
      modelVersionId,
      outcomes: outcomes.map(toOutcomeDto),
    }, { envelope });
  }

  @Mutation(() => EraseDecisionSubjectResult, {
    description:
      "Erases a subject's personal data from the project's decision log (GDPR Art. 17); the audit trail stays verifiable (compliance reviewers and admins).",
  })
  async eraseDecisionSubject(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('subjectRef', { description: 'The pseudonym of the person whose data is erased.' }) subjectRef: string,
    @Args('reason', { description: 'Why (e.g. the erasure request reference); recorded on the audit trail.' }) reason: string,
  ): Promise<EraseDecisionSubjectResult> {
    return this.rpc.request(RPC.governanceDecisionSubjectErase, { projectId, subjectRef, reason }, { envelope });
  }
}
