import { Field, InputType } from '@nestjs/graphql';
import type { Interval } from '@fulcrum/contracts';
import { IntervalEnum } from './insight-common.enums';
import { FROM_DESCRIPTION, PropertyFilterInput, TO_DESCRIPTION } from './insight-common.input';

@InputType({ description: 'A lifecycle question: per bucket, the persons who did an event, split into new, returning and resurrecting, and those who went dormant (docs/metrics.md "Lifecycle").' })
export class LifecycleInput {
  @Field({ description: 'The event that makes a person active in a bucket.' })
  event: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: "Filters on that event (they do not change when a person was created: their first event of any name)." })
  filters?: PropertyFilterInput[] | null;

  @Field(() => IntervalEnum, { description: 'The calendar bucket, in the project time zone.' })
  interval: Interval;

  @Field({ description: FROM_DESCRIPTION })
  from: string;

  @Field({ description: TO_DESCRIPTION })
  to: string;
}
