import { Field, InputType } from '@nestjs/graphql';
import type { Interval, TrendMath } from '@fulcrum/contracts';
import { IntervalEnum } from './insight-common.enums';
import { BreakdownInput, FROM_DESCRIPTION, PropertyFilterInput, TO_DESCRIPTION } from './insight-common.input';
import { TrendMathEnum } from './trend.enums';

@InputType({ description: 'One series of a trend: a math over one event (or every event).' })
export class TrendSeriesInput {
  @Field(() => String, { nullable: true, description: 'The event name; omitted or null: every event.' })
  event?: string | null;

  @Field(() => [PropertyFilterInput], { nullable: true, description: "Filters of this series, on top of the trend's own filters." })
  filters?: PropertyFilterInput[] | null;

  @Field(() => TrendMathEnum, { nullable: true, description: 'What to compute: TOTAL (default), UNIQUE_PERSONS, DAU/WAU/MAU, or SUM/AVG/MIN/MAX/MEDIAN of `mathProperty`.' })
  math?: TrendMath | null;

  @Field(() => String, { nullable: true, description: 'A top-level event property key: required for SUM, AVG, MIN, MAX and MEDIAN, refused for the other maths.' })
  mathProperty?: string | null;

  @Field(() => String, { nullable: true, description: 'A label echoed in the result (at most 200 characters).' })
  label?: string | null;
}

@InputType({ description: 'A trend question: one or more series per calendar bucket, optionally broken down by an event property (docs/metrics.md "Trend").' })
export class TrendInput {
  @Field(() => [TrendSeriesInput], { description: '1 to 10 series, answered in this order.' })
  series: TrendSeriesInput[];

  @Field(() => IntervalEnum, { description: 'The calendar bucket, in the project time zone.' })
  interval: Interval;

  @Field({ description: FROM_DESCRIPTION })
  from: string;

  @Field({ description: TO_DESCRIPTION })
  to: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Filters applied to every series.' })
  filters?: PropertyFilterInput[] | null;

  @Field(() => BreakdownInput, {
    nullable: true,
    description: 'One result entry per series and value: the top N values by the series\' event count in the range, the rest as one "other" entry.',
  })
  breakdown?: BreakdownInput | null;
}
