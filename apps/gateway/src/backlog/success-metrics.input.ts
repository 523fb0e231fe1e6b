import { Field, Float, ID, InputType, Int, OmitType } from '@nestjs/graphql';
import { SUCCESS_METRIC_LIMITS, type SuccessMetricComparator, type SuccessMetricStatisticKind } from '@fulcrum/contracts';
import { FunnelInput } from '../insights/funnel.input';
import { RetentionInput } from '../insights/retention.input';
import { TrendInput } from '../insights/trend.input';
import {
  SuccessMetricComparatorEnum,
  SuccessMetricStatisticKindEnum,
  type SuccessMetricWindowAnchor,
  SuccessMetricWindowAnchorEnum,
} from './backlog.enums';
import { EXPECTED_VERSION_DESCRIPTION } from './backlog-items.input';

// A metric's insight is the insights API's own input without its range (the evaluation window gives
// it) and without a breakdown (a metric is one number).

@InputType('TrendMetricInput', { description: 'A trend as for the `trend` query, without `from`, `to` (the window gives the range) and `breakdown`.' })
export class TrendMetricInput extends OmitType(TrendInput, ['from', 'to', 'breakdown'] as const, InputType) {}

@InputType('FunnelMetricInput', { description: 'A funnel as for the `funnel` query, without `from`, `to` (the window gives the range) and `breakdown`.' })
export class FunnelMetricInput extends OmitType(FunnelInput, ['from', 'to', 'breakdown'] as const, InputType) {}

@InputType('RetentionMetricInput', { description: 'A retention table as for the `retention` query, without `from`, `to` (the window gives the range) and `breakdown`.' })
export class RetentionMetricInput extends OmitType(RetentionInput, ['from', 'to', 'breakdown'] as const, InputType) {}

@InputType({ description: 'The insight a metric is computed from: set exactly one field.' })
export class SuccessMetricInsightInput {
  @Field(() => TrendMetricInput, { nullable: true, description: 'A trend.' })
  trend?: TrendMetricInput | null;

  @Field(() => FunnelMetricInput, { nullable: true, description: 'A funnel.' })
  funnel?: FunnelMetricInput | null;

  @Field(() => RetentionMetricInput, { nullable: true, description: 'A retention table.' })
  retention?: RetentionMetricInput | null;
}

@InputType({ description: "Which number of the insight is the metric; `kind` says which of step, series and period it takes." })
export class SuccessMetricStatisticInput {
  @Field(() => SuccessMetricStatisticKindEnum, { description: "The statistic; it must read the metric's insight kind (FUNNEL_* for a funnel, …)." })
  kind: SuccessMetricStatisticKind;

  @Field(() => Int, { nullable: true, description: 'FUNNEL_STEP_CONVERSION only (required there): the 0-based step, at least 1.' })
  step?: number | null;

  @Field(() => Int, { nullable: true, description: 'TREND_TOTAL and TREND_MEAN_PER_BUCKET only: the 0-based series (default 0).' })
  series?: number | null;

  @Field(() => Int, { nullable: true, description: 'RETENTION_PERIOD_N only (required there): the period, at least 1.' })
  period?: number | null;
}

@InputType({ description: "The evaluation window; `anchor` says which fields it takes." })
export class SuccessMetricWindowInput {
  @Field(() => SuccessMetricWindowAnchorEnum, { description: 'DELIVERED (from the moment the item reached DELIVERED) or FIXED.' })
  anchor: SuccessMetricWindowAnchor;

  @Field(() => Int, { nullable: true, description: `DELIVERED only (required there): the window's length in days of 24 h, 1-${SUCCESS_METRIC_LIMITS.maxWindowDays}.` })
  days?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `DELIVERED only: days of 24 h between delivery and the window's start, 0 (default) to ${SUCCESS_METRIC_LIMITS.maxOffsetDays}.`,
  })
  offsetDays?: number | null;

  @Field(() => Date, { nullable: true, description: 'FIXED only (required there): the start (inclusive).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'FIXED only (required there): the end (exclusive).' })
  to?: Date | null;
}

@InputType({ description: 'An interval of time [from, to).' })
export class InstantRangeInput {
  @Field({ description: 'Start (inclusive).' })
  from: Date;

  @Field({ description: 'End (exclusive).' })
  to: Date;
}

@InputType({ description: 'What a success metric measures, what it must reach, and over which window. Computed in the project’s time zone.' })
export class SuccessMetricDefinitionInput {
  @Field({ description: `Name, 1-${SUCCESS_METRIC_LIMITS.maxNameLength} characters (not blank).` })
  name: string;

  @Field(() => SuccessMetricInsightInput, { description: 'The insight (exactly one kind).' })
  insight: SuccessMetricInsightInput;

  @Field(() => SuccessMetricStatisticInput, { description: 'The number of the insight that is the metric.' })
  statistic: SuccessMetricStatisticInput;

  @Field(() => SuccessMetricComparatorEnum, { description: 'How the value is compared with the target.' })
  comparator: SuccessMetricComparator;

  @Field(() => Float, { description: "AT_LEAST/AT_MOST: the value to reach, in the statistic's unit; INCREASE_BY_PERCENT/DECREASE_BY_PERCENT: the change in percent (≥ 0)." })
  target: number;

  @Field(() => SuccessMetricWindowInput, { description: 'When the metric is measured.' })
  window: SuccessMetricWindowInput;

  @Field(() => InstantRangeInput, {
    nullable: true,
    description: 'Relative comparators only: the baseline window (default: as long as the part of the window evaluated, ending where the window starts).',
  })
  baseline?: InstantRangeInput | null;
}

@InputType({ description: 'A new success metric on an item (at most 5 active per item).' })
export class DefineSuccessMetricInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  expectedVersion: number;

  @Field(() => SuccessMetricDefinitionInput, { description: 'The metric.' })
  definition: SuccessMetricDefinitionInput;
}

@InputType({ description: "A success metric's new definition (past evaluations keep the definition they were computed with)." })
export class EditSuccessMetricInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The metric (SUCCESS_METRIC_NOT_FOUND, extensions.code NOT_FOUND, when not in the project).' })
  metricId: string;

  @Field(() => Int, { description: `Of the metric's item. ${EXPECTED_VERSION_DESCRIPTION}` })
  expectedVersion: number;

  @Field(() => SuccessMetricDefinitionInput, { description: 'The whole new definition.' })
  definition: SuccessMetricDefinitionInput;
}

@InputType({ description: 'A success metric to retire: it keeps its history and no longer gates acceptance.' })
export class RetireSuccessMetricInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The metric.' })
  metricId: string;

  @Field(() => Int, { description: `Of the metric's item. ${EXPECTED_VERSION_DESCRIPTION}` })
  expectedVersion: number;

  @Field({ description: `Why, 1-${SUCCESS_METRIC_LIMITS.maxReasonLength} characters (not blank).` })
  reason: string;
}
