import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { BreakdownValue, InsightEnvelope } from './insight-common.model';

@ObjectType({ description: 'How many persons did the event in exactly this many intervals.' })
export class StickinessRow {
  @Field(() => Int, { description: 'Distinct intervals of the range in which a person did the event (1 to totalIntervals).' })
  intervals: number;

  @Field(() => Int, { description: 'Persons with exactly that many intervals.' })
  persons: number;

  @Field(() => Float, { description: 'persons / active persons × 100 (0 when nobody is active).' })
  percentage: number;
}

@ObjectType({ description: 'The stickiness of the persons of one breakdown value.' })
export class StickinessBreakdown extends BreakdownValue {
  @Field(() => [StickinessRow], { description: 'intervals = 1 to totalIntervals, ascending, zeros included.' })
  rows: StickinessRow[];
}

@ObjectType({ description: 'Stickiness (docs/metrics.md "Stickiness").' })
export class StickinessResult extends InsightEnvelope {
  @Field(() => Int, { description: 'Calendar intervals with at least one instant in the range (a partial first or last one counts).' })
  totalIntervals: number;

  @Field(() => [StickinessRow], { description: 'intervals = 1 to totalIntervals, ascending, zeros included.' })
  rows: StickinessRow[];

  @Field(() => [StickinessBreakdown], {
    description: 'By rank (active persons descending, ties by value ascending, null last), "other" last; empty without a breakdown.',
  })
  breakdowns: StickinessBreakdown[];
}
