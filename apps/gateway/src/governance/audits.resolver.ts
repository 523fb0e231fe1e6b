import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GOVERNANCE_PAGES, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { type ConnectionShape, Connection, PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { toAudit } from './audits.mapper';
import { Audit, Rule } from './audits.model';
import { toIsoInstant } from './iso-instant';
import { Envelope } from '../envelope/request-envelope.decorator';

/** `audits`: newest first (ranAt, then id). */
const AuditConnection = Connection(Audit);
const projectArg = { type: () => ID, description: 'The project.' } as const;

/** Rules (instance-wide) and a project's audits (roles: auth/authorization.matrix.ts). */
@Resolver(() => Audit)
export class AuditsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => [Rule], { description: 'Every rule an audit can run.' })
  async rules(@Envelope() envelope: RequestEnvelope): Promise<Rule[]> {
    return (await this.rpc.request(RPC.governanceRulesList, {}, { envelope })).rules;
  }

  @Query(() => AuditConnection, {
    description: "The project's audits, newest first (ranAt, then id); only those of one model version when modelVersionId is given (NOT_FOUND when it is not in the project).",
  })
  async audits(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('modelVersionId', { type: () => ID, nullable: true, description: 'Only audits of this model version.' }) modelVersionId?: string | null,
    @PageFirstArg(GOVERNANCE_PAGES.audits.max, GOVERNANCE_PAGES.audits.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<Audit>> {
    const page = await this.rpc.request(RPC.governanceAuditsList, { projectId, modelVersionId: modelVersionId ?? null, ...pageRequest(first, after) }, { envelope });
    return toConnection(page, toAudit);
  }

  @Mutation(() => Audit, {
    description:
      "Runs rules against a model version's decisions in [from, to) and records the audit on the audit trail (compliance reviewers and admins). A recent PASSED audit opens the promotion gate to `production`.",
  })
  async runAudit(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', projectArg) projectId: string,
    @Args('modelVersionId', { type: () => ID, description: 'The model version to audit (NOT_FOUND when not in the project).' }) modelVersionId: string,
    @Args('from', { type: () => Date, description: 'Start (inclusive) of the decisions examined.' }) from: Date,
    @Args('to', { type: () => Date, description: 'End (exclusive) of the decisions examined.' }) to: Date,
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
      projectId,
      modelVersionId,
      from: toIsoInstant(from, 'from'),
      to: toIsoInstant(to, 'to'),
      rules: rules ?? null,
      favorableOutcome: favorableOutcome ?? null,
      ll144ExcludeUnder2Percent: ll144ExcludeUnder2Percent ? { justification: ll144ExclusionJustification ?? null } : null,
    }, { envelope });
    return toAudit(reply.audit);
  }
}
