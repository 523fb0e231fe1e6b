import { type Static, Type } from '@sinclair/typebox';
import { closedObject, nullable, recordOf, uuid } from '../json-schema/json-schema.builders';
import { GOVERNANCE_LIMITS } from './governance.enums';
import { name, timestamp } from './governance.fields';

export const fairnessReportRequestSchema = closedObject({
  projectId: uuid(),
  modelVersionId: uuid(),
  /** One or several (intersectional groups), at most 4. */
  attributes: Type.Array(name(), { minItems: 1, maxItems: 4, uniqueItems: true }),
  /** The `outcome` label that counts as a positive prediction (for TPR/FPR/PPV). */
  positiveOutcome: name(),
  /** The `groundTruth` label that counts as actually positive. */
  positiveGroundTruth: name(),
  /** The `outcome` label that is favorable to the subject (for selection rates); often = positiveOutcome. */
  favorableOutcome: name(),
  /** Attribute → value of the reference group; default: the group with the highest favorable rate. */
  referenceGroup: Type.Optional(nullable(recordOf(nullable(Type.String({ maxLength: GOVERNANCE_LIMITS.maxNameLength }))))),
  /** ISO-8601; `[from, to)` on occurredAt. */
  from: Type.Optional(nullable(timestamp())),
  to: Type.Optional(nullable(timestamp())),
  minGroupSize: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000 }))),
});
export type FairnessReportRequest = Static<typeof fairnessReportRequestSchema>;

export interface GroupMemberDto {
  attribute: string;
  /** null = the attribute was missing. */
  value: string | null;
}

export interface GroupFairnessDto {
  group: GroupMemberDto[];
  label: string;
  isReference: boolean;
  n: number;
  favorable: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  selectionRate: number | null;
  truePositiveRate: number | null;
  falsePositiveRate: number | null;
  falseNegativeRate: number | null;
  positivePredictiveValue: number | null;
  disparateImpact: number | null;
  statisticalParityDifference: number | null;
  equalOpportunityDifference: number | null;
  averageOddsDifference: number | null;
  smallSample: boolean;
}

export interface FairnessSummaryDto {
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalizedOddsDifference: number | null;
  equalizedOddsRatio: number | null;
}

export interface FairnessReportReply {
  modelVersionId: string;
  attributes: string[];
  referenceGroup: { group: GroupMemberDto[]; label: string; chosenBy: 'GIVEN' | 'HIGHEST_FAVORABLE_RATE' } | null;
  minGroupSize: number;
  /** Plain-language statements of every convention the numbers follow. */
  conventions: string[];
  groups: GroupFairnessDto[];
  summary: FairnessSummaryDto;
  totals: { n: number; favorable: number; labeled: number; groups: number };
  warnings: string[];
}
