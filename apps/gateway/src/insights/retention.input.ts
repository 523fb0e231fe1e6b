import { Field, InputType, Int } from '@nestjs/graphql';
import type { RetentionCohortType, RetentionMode, RetentionPeriod } from '@fulcrum/contracts';
import { BreakdownInput, FROM_DESCRIPTION, PropertyFilterInput, TO_DESCRIPTION } from './insight-common.input';
import { RetentionCohortTypeEnum, RetentionModeEnum, RetentionPeriodEnum } from './retention.enums';

@InputType({ description: 'An event name and the filters that event must match (on top of the query filters).' })
export class RetentionEventInput {
  @Field({ description: 'The event name.' })
  event: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Filters this event must match.' })
  filters?: PropertyFilterInput[] | null;
}

@InputType({ description: 'A retention question: persons in cohorts by the period of a start event, and how many came back with a return event 1, 2, … periods later (docs/metrics.md "Retention").' })
export class RetentionInput {
  @Field(() => RetentionEventInput, { description: 'The event that puts a person in a cohort.' })
  startEvent: RetentionEventInput;

  @Field(() => RetentionEventInput, { description: 'The event that counts as coming back (may be the start event).' })
  returnEvent: RetentionEventInput;

  @Field(() => RetentionPeriodEnum, { description: 'Cohort and offset period.' })
  period: RetentionPeriod;

  @Field(() => Int, {
    description: 'Offsets shown per cohort: periods 0 to periods − 1 (1-60), cut at the last period of the range. Period 0 is the cohort itself (its size).',
  })
  periods: number;

  @Field(() => RetentionCohortTypeEnum, { nullable: true, description: 'FIRST_TIME (default) or RECURRING.' })
  cohortType?: RetentionCohortType | null;

  @Field(() => RetentionModeEnum, { nullable: true, description: 'ON (default) or ON_OR_AFTER.' })
  mode?: RetentionMode | null;

  @Field({ description: `The cohorts are the periods of the range, and only events inside it count (so later cohorts show fewer periods). ${FROM_DESCRIPTION}` })
  from: string;

  @Field({ description: TO_DESCRIPTION })
  to: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Filters on both the start and the return events.' })
  filters?: PropertyFilterInput[] | null;

  @Field(() => BreakdownInput, {
    nullable: true,
    description:
      'By an event property of the start event that put the person in the cohort (FIRST_TIME: the first start event ever; RECURRING: the first one in that period). Top N values by cohort size summed over the cohorts, the rest as "other".',
  })
  breakdown?: BreakdownInput | null;
}
