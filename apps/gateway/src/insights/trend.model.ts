import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { TrendMath } from '@fulcrum/contracts';
import { BreakdownValue, InsightEnvelope } from './insight-common.model';
import { TrendMathEnum } from './trend.enums';

@ObjectType({ description: 'One series of a trend (one per series and breakdown value).' })
export class TrendSeries {
  @Field(() => Int, { description: 'Index of the series in the query.' })
  index: number;

  @Field(() => String, { nullable: true, description: 'The event name; null: every event.' })
  event: string | null;

  @Field(() => TrendMathEnum, { description: 'What was computed.' })
  math: TrendMath;

  @Field(() => String, { nullable: true, description: 'The label of the series as given, else null.' })
  label: string | null;

  @Field(() => BreakdownValue, { nullable: true, description: 'The breakdown value of this entry; null without a breakdown.' })
  breakdown: BreakdownValue | null;

  @Field(() => [Float], {
    nullable: 'items',
    description:
      'One value per bucket, aligned with `buckets`. Counts are integers (0 for a bucket without events); SUM is 0 without numeric values; AVG, MIN, MAX and MEDIAN are null for a bucket without numeric values.',
  })
  data: Array<number | null>;

  @Field(() => Float, {
    nullable: true,
    description:
      'The math over the whole range: TOTAL events, UNIQUE_PERSONS distinct persons over the range (not the sum of the buckets), SUM/AVG/MIN/MAX/MEDIAN over every event of the range (null without numeric values, 0 for SUM); null for DAU, WAU and MAU.',
  })
  total: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Property maths only: events of this entry in the range whose `mathProperty` is missing, null or not a JSON number (a numeric string is not a number), which were left out. Null for the other maths.',
  })
  nonNumericEvents: number | null;
}

@ObjectType({ description: 'A trend: series of values per calendar bucket (docs/metrics.md "Trend").' })
export class TrendResult extends InsightEnvelope {
  @Field(() => [String], {
    description: 'Local bucket starts `YYYY-MM-DDTHH:mm:ss` in the time zone, ascending: every calendar bucket with at least one instant in the range.',
  })
  buckets: string[];

  @Field(() => [TrendSeries], {
    description: 'By series index, then breakdown rank (volume descending, ties by value ascending, null last), "other" last.',
  })
  series: TrendSeries[];
}
