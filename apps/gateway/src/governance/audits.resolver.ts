import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { toAudit } from './audits.mapper';
import { Audit, Rule } from './audits.model';
import { CurrentPrincipal } from './current-principal.decorator';
import { GOVERNANCE_ROLES, actorOf } from './governance-roles';
import { toIsoInstant } from './iso-instant';

/** Rules and audits (see governance.module.ts for roles). */
@Resolver(() => Audit)
export class AuditsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => [Rule], { description: 'Every rule an audit can run.' })
  async rules(): Promise<Rule[]> {
    return (await this.rpc.request(RPC.governanceRulesList, {})).rules;
  }

  @Query(() => [Audit], { description: 'Audits, newest first; only those of one model version when modelVersionId is given.' })
  async audits(
    @Args('modelVersionId', { type: () => ID, nullable: true, description: 'Only audits of this model version.' }) modelVersionId?: string | null,
  ): Promise<Audit[]> {
    return (await this.rpc.request(RPC.governanceAuditsList, { modelVersionId: modelVersionId ?? null })).audits.map(toAudit);
  }

  @Mutation(() => Audit, {
    description:
      "Runs rules against a model version's decisions in [from, to) and records the audit on the audit trail (compliance reviewers and admins). A recent PASSED audit opens the promotion gate to `production`.",
  })
  @Roles(...GOVERNANCE_ROLES.review)
  async runAudit(
    @Args('modelVersionId', { type: () => ID, description: 'The model version to audit.' }) modelVersionId: string,
    @Args('from', { type: () => Date, description: 'Start (inclusive) of the decisions examined.' }) from: Date,
    @Args('to', { type: () => Date, description: 'End (exclusive) of the decisions examined.' }) to: Date,
    @CurrentPrincipal() principal: Principal,
    @Args('rules', { type: () => [String], nullable: true, description: 'Rule ids to run; all rules when omitted.' }) rules?: string[] | null,
    @Args('favorableOutcome', {
      type: () => String,
      nullable: true,
      description:
        'The outcome label favorable to the person, for the selection-rate rules (four-fifths, NYC LL144). When omitted it is inferred: the one outcome label in range that is a known favorable word (approve, hire, …); none or several → those rules are NOT_APPLICABLE.',
    })
    favorableOutcome?: string | null,
    @Args('ll144ExcludeUnder2Percent', {
      type: () => Boolean,
      nullable: true,
      description:
        'NYC LL144 bias audit: leave categories with under 2% of the decisions out of the impact ratios (6 RCNY § 5-301(d)); they are still disclosed in the evidence, with ll144ExclusionJustification. Default false.',
    })
    ll144ExcludeUnder2Percent?: boolean | null,
    @Args('ll144ExclusionJustification', { type: () => String, nullable: true, description: 'Why the 2% exclusion is used (disclosed with it); a default text when omitted.' })
    ll144ExclusionJustification?: string | null,
  ): Promise<Audit> {
    const reply = await this.rpc.request(RPC.governanceAuditsRun, {
      actor: actorOf(principal),
      modelVersionId,
      from: toIsoInstant(from, 'from'),
      to: toIsoInstant(to, 'to'),
      rules: rules ?? null,
      favorableOutcome: favorableOutcome ?? null,
      ll144ExcludeUnder2Percent: ll144ExcludeUnder2Percent ? { justification: ll144ExclusionJustification ?? null } : null,
    });
    return toAudit(reply.audit);
  }
}
