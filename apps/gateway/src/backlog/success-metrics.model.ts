import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type {
  SuccessMetricComparator,
  SuccessMetricInsightKind,
  SuccessMetricStatisticKind,
  SuccessMetricTrigger,
  SuccessMetricVerdict,
} from '@fulcrum/contracts';
import { GraphQLJSON, type JsonValue } from '../governance/json.scalar';
import { Connection, type ConnectionShape } from '../graphql/relay-connection.model';
import {
  SuccessMetricComparatorEnum,
  SuccessMetricInsightKindEnum,
  SuccessMetricStatisticKindEnum,
  SuccessMetricTriggerEnum,
  type SuccessMetricUnit,
  SuccessMetricUnitEnum,
  SuccessMetricVerdictEnum,
  type SuccessMetricWindowAnchor,
  SuccessMetricWindowAnchorEnum,
} from './backlog.enums';

@ObjectType({ description: 'An interval of time [from, to).' })
export class InstantRange {
  @Field({ description: 'Start (inclusive, UTC).' })
  from: Date;

  @Field({ description: 'End (exclusive, UTC).' })
  to: Date;
}

@ObjectType({ description: 'The number of the insight that is the metric.' })
export class SuccessMetricStatistic {
  @Field(() => SuccessMetricStatisticKindEnum, { description: 'The statistic.' })
  kind: SuccessMetricStatisticKind;

  @Field(() => SuccessMetricUnitEnum, { description: 'The unit of its values.' })
  unit: SuccessMetricUnit;

  @Field(() => Int, { nullable: true, description: 'FUNNEL_STEP_CONVERSION: the step; null otherwise.' })
  step: number | null;

  @Field(() => Int, { nullable: true, description: 'TREND_*: the series (null: series 0); null otherwise.' })
  series: number | null;

  @Field(() => Int, { nullable: true, description: 'RETENTION_PERIOD_N: the period; null otherwise.' })
  period: number | null;
}

@ObjectType({ description: 'The evaluation window as defined.' })
export class SuccessMetricWindow {
  @Field(() => SuccessMetricWindowAnchorEnum, { description: 'DELIVERED or FIXED.' })
  anchor: SuccessMetricWindowAnchor;

  @Field(() => Int, { nullable: true, description: 'DELIVERED: length in days of 24 h; null for FIXED.' })
  days: number | null;

  @Field(() => Int, { nullable: true, description: 'DELIVERED: days after delivery the window starts (0 when not given); null for FIXED.' })
  offsetDays: number | null;

  @Field(() => Date, { nullable: true, description: 'FIXED: start (inclusive); null for DELIVERED.' })
  from: Date | null;

  @Field(() => Date, { nullable: true, description: 'FIXED: end (exclusive); null for DELIVERED.' })
  to: Date | null;
}

@ObjectType({ description: 'What a success metric measures, what it must reach and when.' })
export class SuccessMetricDefinition {
  @Field({ description: 'Name.' })
  name: string;

  @Field(() => SuccessMetricInsightKindEnum, { description: 'The insight kind.' })
  insightKind: SuccessMetricInsightKind;

  @Field(() => GraphQLJSON, {
    description:
      "The insight question as the backlog service keeps it: the contract query of the kind without a date range (e.g. a funnel's `steps`, `conversionWindow`), enum values as the contract spells them (filter operators in lower case).",
  })
  insight: JsonValue;

  @Field(() => SuccessMetricStatistic, { description: 'The statistic.' })
  statistic: SuccessMetricStatistic;

  @Field(() => SuccessMetricComparatorEnum, { description: 'The comparator.' })
  comparator: SuccessMetricComparator;

  @Field(() => Float, { description: 'The target (see the comparator).' })
  target: number;

  @Field(() => SuccessMetricWindow, { description: 'The evaluation window.' })
  window: SuccessMetricWindow;

  @Field(() => InstantRange, { nullable: true, description: 'The baseline window given (relative comparators); null: the default baseline.' })
  baseline: InstantRange | null;

  @Field({ description: 'The IANA time zone of calendar buckets and cohorts (the project zone when defined).' })
  timeZone: string;
}

@ObjectType({ description: 'One evaluation of a success metric, stored immutably.' })
export class SuccessMetricEvaluation {
  @Field(() => ID, { description: 'Evaluation id.' })
  id: string;

  @Field(() => ID, { description: 'The metric.' })
  metricId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => Int, { description: "The metric's revision evaluated (1, 2, … with each edit)." })
  metricRevision: number;

  @Field(() => SuccessMetricDefinition, { description: 'The definition as evaluated.' })
  definition: SuccessMetricDefinition;

  @Field(() => SuccessMetricVerdictEnum, { description: 'The verdict.' })
  verdict: SuccessMetricVerdict;

  @Field(() => Float, { nullable: true, description: 'The statistic over `range`; null when it has none.' })
  value: number | null;

  @Field(() => Float, { nullable: true, description: 'The statistic over `baselineRange` (relative comparators); null otherwise or when it has none.' })
  baseline: number | null;

  @Field(() => Float, { nullable: true, description: '(value − baseline) × 100 / |baseline|; null without both or with a zero baseline.' })
  changePercent: number | null;

  @Field(() => SuccessMetricComparatorEnum, { description: 'The comparator applied.' })
  comparator: SuccessMetricComparator;

  @Field(() => Float, { description: 'The target applied.' })
  target: number;

  @Field(() => InstantRange, { nullable: true, description: 'The whole window; null when it cannot be placed yet (a DELIVERED window of an item not delivered).' })
  window: InstantRange | null;

  @Field(() => InstantRange, { nullable: true, description: 'The part of the window evaluated (its start to the earlier of its end and the evaluation); null when nothing was queried.' })
  range: InstantRange | null;

  @Field(() => InstantRange, { nullable: true, description: 'The baseline window evaluated; null without a relative comparator or when nothing was queried.' })
  baselineRange: InstantRange | null;

  @Field({ description: 'True when `range` is the whole window: the value no longer moves with time, only with late data.' })
  windowComplete: boolean;

  @Field(() => String, { nullable: true, description: 'The data version both insights were computed at; null when nothing was queried.' })
  dataVersion: string | null;

  @Field(() => String, { nullable: true, description: '`sha256:<hex>` of the window query; null when nothing was queried.' })
  queryFingerprint: string | null;

  @Field(() => String, { nullable: true, description: '`sha256:<hex>` of the baseline query; null without one.' })
  baselineQueryFingerprint: string | null;

  @Field(() => String, { nullable: true, description: 'Why the verdict is PENDING or INSUFFICIENT_DATA, in a sentence; null otherwise.' })
  reason: string | null;

  @Field(() => SuccessMetricTriggerEnum, { description: 'REQUEST or LIVE.' })
  trigger: SuccessMetricTrigger;

  @Field({ description: 'When it was evaluated (UTC).' })
  evaluatedAt: Date;

  @Field({ description: 'Who asked (actor id; `service:backlog` for live re-evaluations).' })
  evaluatedBy: string;

  @Field(() => String, { nullable: true, description: 'Their display name then.' })
  evaluatedByName: string | null;
}

export const SuccessMetricEvaluationConnection = Connection(SuccessMetricEvaluation);
export type SuccessMetricEvaluationConnection = ConnectionShape<SuccessMetricEvaluation>;

@ObjectType({ description: 'A retired success metric: when, by whom, why.' })
export class SuccessMetricRetirement {
  @Field({ description: 'When (UTC).' })
  at: Date;

  @Field({ description: 'Who (actor id).' })
  by: string;

  @Field({ description: 'The reason given.' })
  reason: string;
}

@ObjectType({ description: 'A success metric of a backlog item: one number from an insight, compared with a target over an evaluation window.' })
export class SuccessMetric {
  @Field(() => ID, { description: 'Metric id.' })
  id: string;

  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The item.' })
  itemId: string;

  @Field(() => SuccessMetricDefinition, { description: 'The current definition.' })
  definition: SuccessMetricDefinition;

  @Field(() => Int, { description: 'Revision: 1, +1 per edit.' })
  revision: number;

  @Field({ description: 'When it was defined (UTC).' })
  createdAt: Date;

  @Field({ description: 'Who defined it (actor id).' })
  createdBy: string;

  @Field({ description: 'When it last changed (UTC).' })
  updatedAt: Date;

  @Field({ description: 'Who last changed it (actor id).' })
  updatedBy: string;

  @Field(() => SuccessMetricRetirement, { nullable: true, description: 'The retirement; null while active (only active metrics gate acceptance).' })
  retirement: SuccessMetricRetirement | null;

  @Field(() => SuccessMetricEvaluation, {
    nullable: true,
    description: 'The latest evaluation; null before the first. Earlier ones: `successMetricEvaluations`.',
  })
  latestEvaluation: SuccessMetricEvaluation | null;
}

@ObjectType({ description: 'A success metric defined, edited or retired, and the new version of its item.' })
export class SuccessMetricChange {
  @Field(() => SuccessMetric, { description: 'The metric.' })
  metric: SuccessMetric;

  @Field(() => Int, { description: "The item's version after the change: its next `expectedVersion`." })
  itemVersion: number;
}

@ObjectType({ description: 'A stored evaluation computed again exactly as it was made (same definition, ranges and data version).' })
export class SuccessMetricRecomputation {
  @Field(() => SuccessMetricVerdictEnum, { description: 'The verdict recomputed.' })
  verdict: SuccessMetricVerdict;

  @Field(() => Float, { nullable: true, description: 'The value recomputed.' })
  value: number | null;

  @Field(() => Float, { nullable: true, description: 'The baseline recomputed.' })
  baseline: number | null;

  @Field(() => String, { nullable: true, description: 'The data version it was computed at (the stored one).' })
  dataVersion: string | null;

  @Field(() => String, { nullable: true, description: 'Fingerprint of the window query.' })
  queryFingerprint: string | null;

  @Field(() => String, { nullable: true, description: 'Fingerprint of the baseline query.' })
  baselineQueryFingerprint: string | null;
}

@ObjectType({ description: 'The proof that an evaluation is reproducible: stored and recomputed side by side.' })
export class SuccessMetricReproduction {
  @Field(() => SuccessMetricEvaluation, { description: 'The stored evaluation.' })
  evaluation: SuccessMetricEvaluation;

  @Field(() => SuccessMetricRecomputation, { description: 'The same computation again (nothing is stored).' })
  recomputed: SuccessMetricRecomputation;

  @Field({ description: 'True when value, baseline and verdict equal the stored ones.' })
  same: boolean;
}
