import type { Static } from '@sinclair/typebox';
import type { InsightResultEnvelope } from './insight-common';
import { getAnalysisRequestSchema } from './analyses.rpc';

/**
 * A saved analysis's question asked again at the current data version (where `reproduce` asks it
 * at the saved one): does the answer still hold now that more data has arrived?
 */
export const recomputeAnalysisRequestSchema = getAnalysisRequestSchema;
export type RecomputeAnalysisRequest = Static<typeof recomputeAnalysisRequestSchema>;

/** One answer to the analysis's question and the data it rests on. */
export interface AnalysisAnswerDto {
  dataVersion: string;
  queryFingerprint: string;
  /** `sha256:<hex>` of the RFC 8785 canonical JSON of `result`. */
  resultDigest: string;
  /** The insight's reply, envelope included. */
  result: InsightResultEnvelope & Record<string, unknown>;
}

export interface RecomputeAnalysisReply {
  analysisId: string;
  /** The answer as saved (at the saved data version). */
  saved: AnalysisAnswerDto;
  /** The same question at the current data version. */
  current: AnalysisAnswerDto;
  /**
   * True when both answers are the same apart from the data version they were computed at (the
   * canonical JSON of the results without `dataVersion` is equal).
   */
  sameAnswer: boolean;
  /** Top-level result fields that differ, `dataVersion` aside (empty when `sameAnswer`). */
  differences: string[];
}
