import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CurrentPrincipal } from './current-principal.decorator';
import { DecisionInput, OutcomeInput } from './decisions.input';
import { assertBatchSize, toDecisionDto, toOutcomeDto } from './decisions.mapper';
import { EraseDecisionSubjectResult, RecordDecisionsResult, RecordOutcomesResult } from './decisions.model';
import { GOVERNANCE_ROLES, actorOf } from './governance-roles';

/** The decision log: decisions, their later outcomes, and erasure (see governance.module.ts for roles). */
@Resolver(() => RecordDecisionsResult)
export class DecisionsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Mutation(() => RecordDecisionsResult, {
    description:
      'Records decisions of a model version, at most 10,000 per call (more: BAD_USER_INPUT). Idempotent by decisionId; bad rows are rejected one by one (data scientists and admins).',
  })
  @Roles(...GOVERNANCE_ROLES.recordDecisions)
  async recordDecisions(
    @Args('modelVersionId', { type: () => ID, description: 'The model version that made the decisions.' }) modelVersionId: string,
    @Args('decisions', { type: () => [DecisionInput], description: 'The decisions, 1 to 10,000.' }) decisions: DecisionInput[],
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordDecisionsResult> {
    assertBatchSize('decisions', decisions.length);
    return this.rpc.request(RPC.governanceDecisionsRecord, {
      actor: actorOf(principal),
      modelVersionId,
      decisions: decisions.map(toDecisionDto),
    });
  }

  @Mutation(() => RecordOutcomesResult, {
    description: 'Records the observed ground truth of earlier decisions, at most 10,000 per call (data scientists and admins).',
  })
  @Roles(...GOVERNANCE_ROLES.recordDecisions)
  async recordOutcomes(
    @Args('modelVersionId', { type: () => ID, description: 'The model version that made the decisions.' }) modelVersionId: string,
    @Args('outcomes', { type: () => [OutcomeInput], description: 'The outcomes, 1 to 10,000.' }) outcomes: OutcomeInput[],
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecordOutcomesResult> {
    assertBatchSize('outcomes', outcomes.length);
    return this.rpc.request(RPC.governanceOutcomesRecord, {
      actor: actorOf(principal),
      modelVersionId,
      outcomes: outcomes.map(toOutcomeDto),
    });
  }

  @Mutation(() => EraseDecisionSubjectResult, {
    description:
      "Erases a subject's personal data from the decision log (GDPR Art. 17); the audit trail stays verifiable (compliance reviewers and admins).",
  })
  @Roles(...GOVERNANCE_ROLES.review)
  async eraseDecisionSubject(
    @Args('subjectRef', { description: 'The pseudonym of the person whose data is erased.' }) subjectRef: string,
    @Args('reason', { description: 'Why (e.g. the erasure request reference); recorded on the audit trail.' }) reason: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EraseDecisionSubjectResult> {
    return this.rpc.request(RPC.governanceDecisionSubjectErase, { actor: actorOf(principal), subjectRef, reason });
  }
}
