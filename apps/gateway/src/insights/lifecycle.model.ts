import { Field, Int, ObjectType } from '@nestjs/graphql';
import { InsightEnvelope } from './insight-common.model';

@ObjectType({
  description:
    'One lifecycle bucket. A person is active in a bucket when they did the event (with the filters) in it; they were created with their first event of any name (as of the data version, all time).',
})
export class LifecycleBucket {
  @Field({ description: 'Local bucket start `YYYY-MM-DDTHH:mm:ss` in the time zone.' })
  bucket: string;

  @Field(() => Int, { description: 'Active persons created in this bucket.' })
  new: number;

  @Field(() => Int, { description: 'Active persons, not new, also active in the previous bucket.' })
  returning: number;

  @Field(() => Int, { description: 'Active persons, not new, not active in the previous bucket.' })
  resurrecting: number;

  @Field(() => Int, { description: 'Minus the persons active in the previous bucket and not in this one (0 or less).' })
  dormant: number;
}

@ObjectType({ description: 'Lifecycle: how the active persons of each bucket split (docs/metrics.md "Lifecycle").' })
export class LifecycleResult extends InsightEnvelope {
  @Field(() => [LifecycleBucket], { description: 'Every calendar bucket with at least one instant in the range, ascending (zeros included).' })
  buckets: LifecycleBucket[];
}
