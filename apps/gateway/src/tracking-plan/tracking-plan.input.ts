import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { TRACKING_PLAN_RPC_LIMITS } from '@fulcrum/contracts';
import { GraphQLJSON, type JsonValue } from '../governance/json.scalar';

@InputType({ description: 'A whole plan document to publish as the next version (also how an exported plan is imported).' })
export class PublishTrackingPlanInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The project's current version as last read (`trackingPlan.currentVersion`); null (or left out) for the first publish. Stale: CONFLICT with `extensions.details.currentVersion`.",
  })
  basedOnVersion?: number | null;

  @Field(() => GraphQLJSON, {
    description:
      'The plan document `{ events: [...], traits }` (docs/tracking-plan.md): at most 1 MiB of JSON. Refused: VALIDATION_FAILED (`extensions.details.field`), SCHEMA_CHANGE_MISLABELLED (`extensions.details.definitions`), DEFINITION_REMOVED (`extensions.details.events`).',
  })
  document: JsonValue;

  @Field(() => String, { nullable: true, description: `Why this version (at most ${TRACKING_PLAN_RPC_LIMITS.maxNoteLength} characters).` })
  note?: string | null;
}
