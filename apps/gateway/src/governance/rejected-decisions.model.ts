import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { REJECTED_DECISION_LIMITS } from '@fulcrum/contracts';
import { Connection } from '../graphql/relay-connection.model';
import { GraphQLJSON, type JsonValue } from './json.scalar';

@ObjectType({
  description:
    'A decision published on JetStream that the decision log did not store (one row of a message, or the whole message), kept with its reason: never dropped. Listed in the project the message named.',
})
export class RejectedDecision {
  @Field(() => ID, { description: 'Position in the list of rejections (grows with every rejection; the list is in this order).' })
  id: number;

  @Field(() => Int, { description: 'JetStream sequence of the message in stream DECISIONS.' })
  streamSeq: number;

  @Field(() => Int, { description: "0-based index of the row in the message's decisions; -1 when the whole message was kept aside." })
  rowIndex: number;

  @Field(() => String, { nullable: true, description: 'The model version the message named, as sent (null when it could not be read).' })
  modelVersionId: string | null;

  @Field(() => String, { nullable: true, description: 'The decisionId of the row, when it had one (null for whole messages).' })
  decisionId: string | null;

  @Field({
    description:
      'Why: a row code (MISSING_FIELD, INVALID_FIELD, DECISION_ID_CONFLICT) or a message code (INVALID_MESSAGE, ACTOR_MISSING, MODEL_VERSION_NOT_FOUND, APPLY_FAILED).',
  })
  code: string;

  @Field({ description: 'The reason in words.' })
  reason: string;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The rejected row (or whole message) as JSON; null after erasure (see erasedAt), and when it cannot be given as JSON (see payloadText).',
  })
  payload: JsonValue | null;

  @Field(() => String, {
    nullable: true,
    description: `The stored text when it cannot be given as JSON: not JSON, nesting deeper than ${REJECTED_DECISION_LIMITS.payloadMaxDepth} levels, or a number beyond the double range. null otherwise.`,
  })
  payloadText: string | null;

  @Field(() => String, { nullable: true, description: 'Who published the message (its actor id, e.g. `service:scorer`); null when unknown.' })
  actor: string | null;

  @Field({ description: 'When it was kept aside (UTC).' })
  rejectedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When an erasure (eraseDecisionSubject) cleared its payload; null otherwise.' })
  erasedAt: Date | null;
}

/** `rejectedDecisions`: a project's rejected JetStream decisions, oldest first (by id). */
export const RejectedDecisionConnection = Connection(RejectedDecision);
