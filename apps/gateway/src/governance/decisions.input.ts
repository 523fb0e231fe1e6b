import { Field, Float, InputType } from '@nestjs/graphql';
import type { DecisionAttributes } from '@fulcrum/contracts';
import { GraphQLJSON } from './json.scalar';

// Fields are plain strings (not DateTime) on purpose: the service validates each row and rejects
// a bad row with a code, keeping the others, instead of the whole batch failing in GraphQL parsing.

@InputType({ description: 'One decision a model made about a person. Rows are validated one by one; a bad row is rejected with a code, the others are kept.' })
export class DecisionInput {
  @Field({ description: 'Caller-chosen unique id; re-sending the same decision is counted as a duplicate, not stored twice.' })
  decisionId: string;

  @Field({ description: 'A pseudonym of the person decided about, never a direct identifier.' })
  subjectRef: string;

  @Field({ description: 'When the decision was made: ISO-8601 date-time with offset, e.g. 2026-03-01T09:30:00Z.' })
  occurredAt: string;

  @Field({ description: 'Purpose of the decision; should be one the model version declared.' })
  purpose: string;

  @Field({ description: 'The decision, e.g. `approve` or `deny`.' })
  outcome: string;

  @Field(() => Float, { nullable: true, description: 'Model score, if any.' })
  score?: number | null;

  @Field(() => String, { nullable: true, description: 'What actually happened, when known (can also be sent later with recordOutcomes).' })
  groundTruth?: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Protected attributes for auditing (e.g. {"sex":"F","age_band":"30-39"}): a flat JSON object of strings, numbers, booleans or nulls, at most 4,096 bytes serialized.',
  })
  attributes?: DecisionAttributes | null;
}

@InputType({ description: 'The observed ground truth of an earlier decision.' })
export class OutcomeInput {
  @Field({ description: 'The decision it belongs to.' })
  decisionId: string;

  @Field({ description: 'What actually happened, e.g. `repaid` or `defaulted`.' })
  groundTruth: string;
}
