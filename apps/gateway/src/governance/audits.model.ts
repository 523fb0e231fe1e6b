import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AuditOutcome, FindingStatus } from '@fulcrum/contracts';
import { AuditOutcomeEnum, FindingStatusEnum } from './governance.enums';
import { GraphQLJSON, type JsonValue } from './json.scalar';

@ObjectType({ description: 'A machine-checkable compliance or fairness rule.' })
export class Rule {
  @Field({ description: 'Rule id, e.g. `four-fifths` or `gdpr-art-22`; pass it to runAudit(rules:).' })
  id: string;

  @Field({ description: 'Short title.' })
  title: string;

  @Field({ description: 'Legal or regulatory source, e.g. "29 CFR 1607.4(D)".' })
  citation: string;

  @Field({ description: 'What the machine check verifies.' })
  checks: string;
}

@ObjectType({ description: "One rule's result in an audit." })
export class Finding {
  @Field({ description: 'The rule.' })
  ruleId: string;

  @Field({ description: 'Title of the rule.' })
  title: string;

  @Field({ description: 'Legal or regulatory source of the rule.' })
  citation: string;

  @Field(() => FindingStatusEnum, { description: 'Outcome of the check.' })
  status: FindingStatus;

  @Field({ description: 'One sentence a reviewer can read.' })
  summary: string;

  @Field(() => GraphQLJSON, { description: 'The numbers and rows the status rests on (a JSON object).' })
  evidence: JsonValue;
}

@ObjectType({ description: 'A recorded run of rules against a model version and its decisions in a period.' })
export class Audit {
  @Field(() => ID, { description: 'Audit id.' })
  id: string;

  @Field(() => ID, { description: 'The model version audited.' })
  modelVersionId: string;

  @Field({ description: 'Start (inclusive) of the decisions examined.' })
  from: Date;

  @Field({ description: 'End (exclusive) of the decisions examined.' })
  to: Date;

  @Field(() => [String], { description: 'Ids of the rules run.' })
  rules: string[];

  @Field(() => AuditOutcomeEnum, { description: 'PASSED unless a finding is FAIL.' })
  outcome: AuditOutcome;

  @Field(() => [Finding], { description: 'One finding per rule.' })
  findings: Finding[];

  @Field({ description: 'When the audit ran (UTC).' })
  ranAt: Date;

  @Field({ description: 'Who ran it.' })
  ranBy: string;

  @Field(() => Int, { description: 'Audit-trail entry recording the audit.' })
  auditSeq: number;
}
