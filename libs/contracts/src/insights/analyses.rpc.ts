import type { InsightResultEnvelope } from './insight-common';

/** Every insight that can be saved as an analysis (and its RPC subject in `RPC`). */
export const INSIGHT_KINDS = ['TREND', 'FUNNEL', 'RETENTION', 'STICKINESS', 'LIFECYCLE', 'PATHS', 'PROPERTY_CATALOG'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

export const ANALYSIS_LIMITS = { maxTitleLength: 200, maxNarrativeLength: 20_000, maxActorLength: 300, maxListPage: 100 } as const;

/** An insight question: its kind and the kind's query (validated with the kind's own schema). */
export interface InsightSpec {
  kind: InsightKind;
  query: Record<string, unknown>;
}

export interface SaveAnalysisRequest {
  projectId: string;
  /** The project time zone the insight is computed in (kept with the analysis). */
  timeZone: string;
  title: string;
  narrative: string;
  insight: InsightSpec;
  /** Who saves it (from the caller's token). */
  actor: string;
}

/** A saved analysis: the question, its answer and exactly which data answered it. */
export interface AnalysisDto {
  id: string;
  projectId: string;
  title: string;
  narrative: string;
  insight: InsightSpec;
  timeZone: string;
  dataVersion: string;
  queryFingerprint: string;
  /** `sha256:<hex>` of the RFC 8785 canonical JSON of `result`. */
  resultDigest: string;
  /** The insight's reply as computed when saved (envelope included). */
  result: InsightResultEnvelope & Record<string, unknown>;
  createdBy: string;
  createdAt: string;
}

export interface SaveAnalysisReply {
  analysis: AnalysisDto;
}

export interface GetAnalysisRequest {
  analysisId: string;
}
export interface GetAnalysisReply {
  analysis: AnalysisDto;
}

export interface ListAnalysesRequest {
  projectId: string;
  limit?: number;
  offset?: number;
}
export interface ListAnalysesReply {
  analyses: AnalysisDto[];
  total: number;
}

/** A person erasure that happened after the analysis was saved (it can change a reproduction). */
export interface ErasureNoticeDto {
  id: string;
  erasedAt: string;
  eventsErased: number;
  reason: string;
}

export interface ReproduceAnalysisRequest {
  analysisId: string;
}
export interface ReproduceAnalysisReply {
  analysisId: string;
  /** True when the recomputed result is byte-for-byte the saved one (canonical JSON). */
  identical: boolean;
  dataVersion: string;
  resultDigest: string;
  result: InsightResultEnvelope & Record<string, unknown>;
  /** Erasures in the project since the analysis was saved (the named cause of a difference). */
  erasures: ErasureNoticeDto[];
  /** Top-level result fields that differ (empty when identical). */
  differences: string[];
}

const uuid = { type: 'string', format: 'uuid' } as const;

export const saveAnalysisRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'timeZone', 'title', 'narrative', 'insight', 'actor'],
  properties: {
    projectId: uuid,
    timeZone: { type: 'string', minLength: 1, maxLength: 64 },
    title: { type: 'string', minLength: 1, maxLength: ANALYSIS_LIMITS.maxTitleLength },
    narrative: { type: 'string', maxLength: ANALYSIS_LIMITS.maxNarrativeLength },
    insight: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'query'],
      properties: { kind: { enum: INSIGHT_KINDS }, query: { type: 'object' } },
    },
    actor: { type: 'string', minLength: 1, maxLength: ANALYSIS_LIMITS.maxActorLength },
  },
} as const;

export const getAnalysisRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['analysisId'],
  properties: { analysisId: uuid },
} as const;

export const reproduceAnalysisRequestSchema = getAnalysisRequestSchema;

export const listAnalysesRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: {
    projectId: uuid,
    limit: { type: 'integer', minimum: 1, maximum: ANALYSIS_LIMITS.maxListPage },
    offset: { type: 'integer', minimum: 0 },
  },
} as const;
