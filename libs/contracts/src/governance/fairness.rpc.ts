import type { ProjectScoped } from './model-registry.rpc';

export interface FairnessReportRequest extends ProjectScoped {
  modelVersionId: string;
  /** One or several (intersectional groups), at most 4. */
  attributes: string[];
  /** The `outcome` label that counts as a positive prediction (for TPR/FPR/PPV). */
  positiveOutcome: string;
  /** The `groundTruth` label that counts as actually positive. */
  positiveGroundTruth: string;
  /** The `outcome` label that is favorable to the subject (for selection rates); often = positiveOutcome. */
  favorableOutcome: string;
  /** Attribute → value of the reference group; default: the group with the highest favorable rate. */
  referenceGroup?: Record<string, string | null> | null;
  /** ISO-8601; `[from, to)` on occurredAt. */
  from?: string | null;
  to?: string | null;
  minGroupSize?: number | null;
}

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
