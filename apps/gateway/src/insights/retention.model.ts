import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { BreakdownValue, InsightEnvelope } from './insight-common.model';

@ObjectType({ description: 'How many persons of a cohort came back in one period.' })
export class RetentionValue {
  @Field(() => Int, { description: 'Periods after the cohort period (0: the cohort period itself).' })
  period: number;

  @Field(() => Int, { description: 'Persons of the cohort counted in this period (period 0: the cohort size).' })
  persons: number;

  @Field(() => Float, { description: 'persons / size × 100 (0 when the cohort is empty; 100 for period 0 of a non-empty cohort).' })
  percentage: number;
}

@ObjectType({ description: 'One retention cohort: the persons put in it by the start event in one period.' })
export class RetentionCohort {
  @Field({ description: 'Local start of the cohort period `YYYY-MM-DDTHH:mm:ss` in the time zone.' })
  cohort: string;

  @Field(() => Int, { description: 'Persons in the cohort.' })
  size: number;

  @Field(() => [RetentionValue], { description: 'Periods 0, 1, … ascending: as many as `periods`, never past the last period of the range.' })
  values: RetentionValue[];
}

@ObjectType({ description: 'The retention table of the persons of one breakdown value.' })
export class RetentionBreakdown extends BreakdownValue {
  @Field(() => [RetentionCohort], { description: 'Every cohort period of the range, as in `cohorts` of the result, for this value\'s persons.' })
  cohorts: RetentionCohort[];
}

@ObjectType({ description: 'A retention table (docs/metrics.md "Retention").' })
export class RetentionResult extends InsightEnvelope {
  @Field(() => [RetentionCohort], { description: 'Every cohort period of the range, ascending (empty cohorts included, with size 0).' })
  cohorts: RetentionCohort[];

  @Field(() => [RetentionBreakdown], {
    description: 'By rank (summed cohort size descending, ties by value ascending, null last), "other" last; empty without a breakdown.',
  })
  breakdowns: RetentionBreakdown[];
}
