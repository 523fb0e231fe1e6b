import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { type ReferenceGroupChoice, ReferenceGroupChoiceEnum } from './governance.enums';

@ObjectType({ description: 'One attribute value of a group.' })
export class GroupMember {
  @Field({ description: 'Attribute name.' })
  attribute: string;

  @Field(() => String, { nullable: true, description: 'Attribute value; null means the attribute was missing (labelled "(missing)").' })
  value: string | null;
}

@ObjectType({ description: 'Counts and fairness metrics of one group (see `conventions` of the report for the definitions used).' })
export class GroupFairness {
  @Field(() => [GroupMember], { description: 'The attribute values defining the group.' })
  group: GroupMember[];

  @Field({ description: 'Readable label of the group, e.g. `sex=F, race=B`.' })
  label: string;

  @Field({ description: 'Whether this is the reference group the differences and ratios compare against.' })
  isReference: boolean;

  @Field(() => Int, { description: 'Decisions in the group.' })
  n: number;

  @Field(() => Int, { description: 'Decisions with the favorable outcome.' })
  favorable: number;

  @Field(() => Int, { description: 'True positives: positive outcome, positive ground truth (labeled decisions only).' })
  tp: number;

  @Field(() => Int, { description: 'False positives: positive outcome, negative ground truth.' })
  fp: number;

  @Field(() => Int, { description: 'True negatives: negative outcome, negative ground truth.' })
  tn: number;

  @Field(() => Int, { description: 'False negatives: negative outcome, positive ground truth.' })
  fn: number;

  @Field(() => Float, { nullable: true, description: 'favorable / n; null when n = 0.' })
  selectionRate: number | null;

  @Field(() => Float, { nullable: true, description: 'tp / (tp + fn); null when undefined (no actual positives).' })
  truePositiveRate: number | null;

  @Field(() => Float, { nullable: true, description: 'fp / (fp + tn); null when undefined (no actual negatives).' })
  falsePositiveRate: number | null;

  @Field(() => Float, { nullable: true, description: 'fn / (tp + fn); null when undefined.' })
  falseNegativeRate: number | null;

  @Field(() => Float, { nullable: true, description: 'tp / (tp + fp), precision; null when undefined (no positive predictions).' })
  positivePredictiveValue: number | null;

  @Field(() => Float, { nullable: true, description: "selectionRate / the reference group's selectionRate (the four-fifths rule compares it to 0.8)." })
  disparateImpact: number | null;

  @Field(() => Float, { nullable: true, description: "selectionRate − the reference group's selectionRate." })
  statisticalParityDifference: number | null;

  @Field(() => Float, { nullable: true, description: "truePositiveRate − the reference group's truePositiveRate." })
  equalOpportunityDifference: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of the falsePositiveRate and truePositiveRate differences to the reference group.' })
  averageOddsDifference: number | null;

  @Field({ description: 'n is below minGroupSize: the rates are too noisy to act on.' })
  smallSample: boolean;
}

@ObjectType({ description: 'The group every other group is compared with.' })
export class FairnessReferenceGroup {
  @Field(() => [GroupMember], { description: 'The attribute values defining it.' })
  group: GroupMember[];

  @Field({ description: 'Readable label.' })
  label: string;

  @Field(() => ReferenceGroupChoiceEnum, { description: 'Whether the caller named it or it was the highest favorable rate.' })
  chosenBy: ReferenceGroupChoice;
}

@ObjectType({ description: 'Disparity across all groups (largest difference and smallest ratio between any two).' })
export class FairnessSummary {
  @Field(() => Float, { nullable: true, description: 'Largest minus smallest selection rate.' })
  demographicParityDifference: number | null;

  @Field(() => Float, { nullable: true, description: 'Smallest over largest selection rate.' })
  demographicParityRatio: number | null;

  @Field(() => Float, { nullable: true, description: 'max(TPR max − min, FPR max − min) over the groups.' })
  equalizedOddsDifference: number | null;

  @Field(() => Float, { nullable: true, description: 'min(TPR min / max, FPR min / max) over the groups.' })
  equalizedOddsRatio: number | null;
}

@ObjectType({ description: 'Totals over every decision in the report.' })
export class FairnessTotals {
  @Field(() => Int, { description: 'Decisions examined.' })
  n: number;

  @Field(() => Int, { description: 'Decisions with the favorable outcome.' })
  favorable: number;

  @Field(() => Int, { description: 'Decisions with a ground truth.' })
  labeled: number;

  @Field(() => Int, { description: 'Groups found.' })
  groups: number;
}

@ObjectType({ description: 'Group fairness metrics of a model version over its recorded decisions.' })
export class FairnessReport {
  @Field(() => ID, { description: 'The model version examined.' })
  modelVersionId: string;

  @Field(() => [String], { description: 'The attributes grouped by.' })
  attributes: string[];

  @Field(() => FairnessReferenceGroup, { nullable: true, description: 'The reference group; null when there were no decisions.' })
  referenceGroup: FairnessReferenceGroup | null;

  @Field(() => Int, { description: 'Groups smaller than this are flagged smallSample.' })
  minGroupSize: number;

  @Field(() => [String], { description: 'Plain-language statements of every convention the numbers follow.' })
  conventions: string[];

  @Field(() => [GroupFairness], { description: 'One entry per group.' })
  groups: GroupFairness[];

  @Field(() => FairnessSummary, { description: 'Disparity across all groups.' })
  summary: FairnessSummary;

  @Field(() => FairnessTotals, { description: 'Totals.' })
  totals: FairnessTotals;

  @Field(() => [String], { description: 'What to be careful about (small groups, missing ground truth, …).' })
  warnings: string[];
}
