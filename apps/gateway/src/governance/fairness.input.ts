import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'One attribute value of a group, e.g. { attribute: "sex", value: "F" }.' })
export class GroupMemberInput {
  @Field({ description: 'Attribute name (one of the report attributes).' })
  attribute: string;

  @Field(() => String, { nullable: true, description: 'Attribute value; null means the decisions where the attribute was missing.' })
  value: string | null;
}

@InputType({ description: 'What to compare in a fairness report.' })
export class FairnessReportInput {
  @Field(() => ID, { description: 'The project.' })
  projectId: string;

  @Field(() => ID, { description: 'The model version whose decisions are examined (NOT_FOUND when not in the project).' })
  modelVersionId: string;

  @Field(() => [String], { description: 'Protected attributes to group by: 1 to 4; several give intersectional groups.' })
  attributes: string[];

  @Field({ description: 'The `outcome` label that counts as a positive prediction (for true/false positive rates and PPV).' })
  positiveOutcome: string;

  @Field({ description: 'The `groundTruth` label that counts as actually positive.' })
  positiveGroundTruth: string;

  @Field({ description: 'The `outcome` label that is favorable to the person (for selection rates); often the same as positiveOutcome.' })
  favorableOutcome: string;

  @Field(() => [GroupMemberInput], {
    nullable: true,
    description:
      'The reference group as a list of { attribute, value } pairs, one per report attribute (each attribute at most once). Omit it to use the group with the highest favorable rate.',
  })
  referenceGroup?: GroupMemberInput[] | null;

  @Field(() => Date, { nullable: true, description: 'Only decisions that occurred at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only decisions that occurred before this instant.' })
  to?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Groups with fewer decisions than this are flagged smallSample (service default when omitted).' })
  minGroupSize?: number | null;
}
