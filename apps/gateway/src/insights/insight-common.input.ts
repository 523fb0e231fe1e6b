import { Field, InputType, Int } from '@nestjs/graphql';
import type { PropertyFilterOperator, PropertyFilterType } from '@fulcrum/contracts';
import { GraphQLJSON, type JsonValue } from '../governance/json.scalar';
import { PropertyFilterOperatorEnum, PropertyFilterTypeEnum } from './insight-common.enums';

@InputType({
  description:
    'One property condition (docs/metrics.md "Filters"). Several filters in one list must all hold. At most 20 filters per list.',
})
export class PropertyFilterInput {
  @Field({ description: 'A top-level property key, e.g. `$browser` or `plan` (`a.b` is a key containing a dot, not a path); 1-400 characters.' })
  property: string;

  @Field(() => PropertyFilterOperatorEnum, { description: 'How to compare.' })
  operator: PropertyFilterOperator;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      'The value to compare with: a string (at most 1,000 characters), a number or a boolean; a list of 1 to 100 of those for IN. Required for every operator but IS_SET and IS_NOT_SET.',
  })
  value?: JsonValue | null;

  @Field(() => PropertyFilterTypeEnum, { nullable: true, description: 'Whose properties: EVENT (default) or PERSON.' })
  type?: PropertyFilterType | null;
}

@InputType({ description: 'Break results down by the values of an event property: the top N values by volume, the rest grouped as one "other" entry.' })
export class BreakdownInput {
  @Field({ description: 'A top-level event property key.' })
  property: string;

  @Field(() => Int, { nullable: true, description: 'How many top values get their own entry: default 10, 1-100.' })
  limit?: number | null;
}

/** Doc texts of the `from`/`to` fields every insight input with a required range has. */
export const FROM_DESCRIPTION =
  'Start of the range (inclusive): `YYYY-MM-DD` in the project time zone (the start of that day) or an ISO-8601 instant with an offset, e.g. `2026-03-01T00:00:00+01:00`.';
export const TO_DESCRIPTION =
  'End of the range: `YYYY-MM-DD` in the project time zone (that whole day is included) or an ISO-8601 instant with an offset (exclusive).';
