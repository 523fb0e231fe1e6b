import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { FunnelPersonStatus } from '@fulcrum/contracts';
import { PageInfo } from '../graphql/relay-connection.model';
import { FunnelPersonStatusEnum } from './funnel.enums';
import { BreakdownValue, InsightEnvelope } from './insight-common.model';

@ObjectType({ description: 'One step of a funnel.' })
export class FunnelStep {
  @Field(() => Int, { description: '0-based step index.' })
  index: number;

  @Field({ description: 'The event name of the step.' })
  event: string;

  @Field(() => Int, { description: 'Persons whose furthest step is this step or a later one.' })
  count: number;

  @Field(() => Float, { description: 'count / count of step 0, from 0 to 1 (step 0: 1; 0 when step 0 has nobody).' })
  conversionRate: number;

  @Field(() => Float, { description: 'count / count of the previous step, from 0 to 1 (step 0: 1; 0 when the previous step has nobody).' })
  conversionRateFromPrevious: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Median seconds from the previous step's event to this step's event on the counted paths of the persons who reached this step (the mean of the two middle values for an even count). Null for step 0 and when nobody reached the step.",
  })
  medianTimeToConvertSeconds: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of the same times. Null for step 0 and when nobody reached the step.' })
  averageTimeToConvertSeconds: number | null;

  @Field(() => Int, { description: 'count − count of the next step (0 for the last step).' })
  droppedOff: number;
}

@ObjectType({ description: 'The funnel of the persons of one breakdown value.' })
export class FunnelBreakdown extends BreakdownValue {
  @Field(() => [FunnelStep], { description: 'One entry per step, in query order.' })
  steps: FunnelStep[];
}

@ObjectType({ description: 'A funnel: how many persons reached each step, conversion rates, times to convert and drop-off (docs/metrics.md "Funnel").' })
export class FunnelResult extends InsightEnvelope {
  @Field(() => [FunnelStep], { description: 'The funnel without breakdown, one entry per step in query order.' })
  steps: FunnelStep[];

  @Field(() => [FunnelBreakdown], {
    description:
      'With a breakdown: the top N values by persons at step 0 (descending; ties by value ascending, null after every string), then the "other" row when it is not empty. Empty without a breakdown.',
  })
  breakdowns: FunnelBreakdown[];
}

@ObjectType({ description: 'One person behind a funnel step and its cursor.' })
export class FunnelPersonEdge {
  @Field({ description: 'Pass as `after` to continue after this person (the person id).' })
  cursor: string;

  @Field({ description: 'The person id (as of the data version).' })
  node: string;
}

@ObjectType({ description: 'A page of the persons behind one funnel step, by person id ascending: a Relay connection with the insight envelope.' })
export class FunnelPersonsResult extends InsightEnvelope {
  @Field(() => Int, { description: '0-based step index.' })
  step: number;

  @Field(() => FunnelPersonStatusEnum, { description: 'Which persons of the step.' })
  status: FunnelPersonStatus;

  @Field(() => Int, { description: 'Every matching person, not only this page.' })
  totalCount: number;

  @Field(() => [FunnelPersonEdge])
  edges: FunnelPersonEdge[];

  @Field(() => [String], { description: 'The person ids of this page, ascending.' })
  nodes: string[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
