import { Field, InputType, Int } from '@nestjs/graphql';
import type { ConversionWindowUnit, FunnelAttribution, FunnelOrder } from '@fulcrum/contracts';
import { ConversionWindowUnitEnum, FunnelAttributionEnum, FunnelOrderEnum } from './funnel.enums';
import { FROM_DESCRIPTION, PropertyFilterInput, TO_DESCRIPTION } from './insight-common.input';

@InputType({ description: 'One step of a funnel.' })
export class FunnelStepInput {
  @Field({ description: 'The event name of the step.' })
  event: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: "Filters of this step, on top of the funnel's own filters." })
  filters?: PropertyFilterInput[] | null;
}

@InputType({ description: "Longest time from a path's first step to its last step, inclusive." })
export class ConversionWindowInput {
  @Field(() => Int, { description: 'How many units: 1 to 1,000,000.' })
  value: number;

  @Field(() => ConversionWindowUnitEnum, { description: 'The unit.' })
  unit: ConversionWindowUnit;
}

@InputType({ description: 'Break a funnel down by an event property of its step events: the top N values by persons at the first step, the rest as one "other" row.' })
export class FunnelBreakdownInput {
  @Field({ description: 'A top-level event property key.' })
  property: string;

  @Field(() => Int, { nullable: true, description: 'How many top values get their own row: default 10, 1-100.' })
  limit?: number | null;

  @Field(() => FunnelAttributionEnum, { nullable: true, description: "Which step event gives a person's value: FIRST_TOUCH (default), LAST_TOUCH or ALL_STEPS." })
  attribution?: FunnelAttribution | null;
}

@InputType({
  description:
    "A path reaching step `toStep` does not count when an event matching this exclusion (its name, its filters and the funnel's filters) lies strictly between the path's `fromStep` and `toStep` events. ORDERED funnels only.",
})
export class FunnelExclusionInput {
  @Field({ description: 'The excluded event name.' })
  event: string;

  @Field(() => [PropertyFilterInput], { nullable: true, description: 'Filters the excluded event must match.' })
  filters?: PropertyFilterInput[] | null;

  @Field(() => Int, { description: '0-based step index where the exclusion starts, below toStep.' })
  fromStep: number;

  @Field(() => Int, { description: '0-based step index where it ends, at most the last step.' })
  toStep: number;
}

@InputType({ description: 'A funnel question: how many persons went through a sequence of steps within a conversion window (docs/metrics.md "Funnel").' })
export class FunnelInput {
  @Field(() => [FunnelStepInput], { description: '2 to 20 steps.' })
  steps: FunnelStepInput[];

  @Field(() => ConversionWindowInput, { nullable: true, description: 'Default 14 DAY.' })
  conversionWindow?: ConversionWindowInput | null;

  @Field(() => FunnelOrderEnum, { nullable: true, description: 'ORDERED (default), STRICT or ANY.' })
  order?: FunnelOrder | null;

  @Field(() => FunnelBreakdownInput, { nullable: true, description: 'Break the funnel down by an event property.' })
  breakdown?: FunnelBreakdownInput | null;

  @Field(() => [FunnelExclusionInput], { nullable: true, description: 'Events that invalidate a path between two steps (ORDERED funnels only; at most 20).' })
  exclusions?: FunnelExclusionInput[] | null;

  @Field(() => [PropertyFilterInput], {
    nullable: true,
    description: 'Filters on every step event, every exclusion event and (STRICT) on the events that can break a sequence.',
  })
  filters?: PropertyFilterInput[] | null;

  @Field({ description: `Every step and exclusion event must be in the range. ${FROM_DESCRIPTION}` })
  from: string;

  @Field({ description: TO_DESCRIPTION })
  to: string;
}

@InputType({ description: 'One breakdown row of a funnel, as the funnel result names it.' })
export class BreakdownValueInput {
  @Field(() => String, { nullable: true, description: 'The `value` of the row (null for "not set", and for the "other" row).' })
  value?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True for the "other" row (then value must be null). Default false.' })
  other?: boolean | null;
}
