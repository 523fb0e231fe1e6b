import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A row that was not stored, with a code the caller can act on; the other rows were kept.' })
export class RowRejection {
  @Field(() => Int, { description: '0-based index of the row in the request list.' })
  index: number;

  @Field({ description: 'Machine-readable reason, e.g. MISSING_FIELD, INVALID_FIELD, DECISION_ID_CONFLICT, DECISION_NOT_FOUND.' })
  code: string;

  @Field({ description: 'Human-readable reason.' })
  message: string;
}

@ObjectType({ description: 'What happened to a batch of decisions.' })
export class RecordDecisionsResult {
  @Field(() => Int, { description: 'Rows stored now.' })
  accepted: number;

  @Field(() => Int, { description: 'Rows identical to an already stored decision (a retry): not stored again.' })
  duplicates: number;

  @Field(() => [RowRejection], { description: 'Rows not stored, with reasons.' })
  rejected: RowRejection[];

  @Field(() => Int, { nullable: true, description: 'Audit-trail entry recording this batch; null when nothing was accepted.' })
  auditSeq: number | null;
}

@ObjectType({ description: 'What happened to a batch of outcomes.' })
export class RecordOutcomesResult {
  @Field(() => Int, { description: 'Decisions whose ground truth was set.' })
  updated: number;

  @Field(() => [RowRejection], { description: 'Rows not applied, with reasons.' })
  rejected: RowRejection[];

  @Field(() => Int, { nullable: true, description: 'Audit-trail entry recording this batch; null when nothing was updated.' })
  auditSeq: number | null;
}

@ObjectType({ description: "Result of erasing a subject's personal data from the decision log (GDPR Art. 17)." })
export class EraseDecisionSubjectResult {
  @Field(() => Int, { description: 'Decisions whose personal data was erased.' })
  erasedDecisions: number;

  @Field(() => Int, { description: 'Audit-trail entry recording the erasure.' })
  auditSeq: number;
}
