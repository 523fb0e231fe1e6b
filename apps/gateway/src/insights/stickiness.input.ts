import { Field, InputType } from '@nestjs/graphql';
import type { StickinessInterval } from '@fulcrum/contracts';
import { IntervalEnum } from './insight-common.enums';
import { BreakdownInput, FROM_DESCRIPTION, PropertyFilterInput, TO_DESCRIPTION } from './insight-common.input';

@InputType({ description: 'A stickiness question: how many persons did an event in exactly 1, 2, … of the calendar intervals of a range (docs/metrics.md "Stickiness").' })
export class StickinessInput {
  @Field({ description: 'The event name.' })
  event: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Filters the event must match.' })
  filters?: PropertyFilterInput[] | null;

  @Field(() => IntervalEnum, { description: 'The calendar interval counted, in the project time zone.' })
  interval: StickinessInterval;

  @Field({ description: FROM_DESCRIPTION })
  from: string;

  @Field({ description: TO_DESCRIPTION })
  to: string;

  @Field(() => BreakdownInput, {
    nullable: true,
    description:
      'By an event property: a person counts under every value they did the event with, with the intervals of those events only. Top N values by active persons, the rest as "other".',
  })
  breakdown?: BreakdownInput | null;
}
