import { type Static, Type } from '@sinclair/typebox';
import { closedObject, jsonObject, oneOf, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import type { InsightResultEnvelope } from './insight-common';

/** Every insight that can be saved as an analysis (and its RPC subject in `RPC`). */
export const INSIGHT_KINDS = ['TREND', 'FUNNEL', 'RETENTION', 'STICKINESS', 'LIFECYCLE', 'PATHS', 'PROPERTY_CATALOG'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

export const ANALYSIS_LIMITS = { maxTitleLength: 200, maxNarrativeLength: 20_000, maxListPage: 100, defaultListPage: 20 } as const;

/** Cursor kind of the analyses list (libs/contracts pagination). */
export const ANALYSES_CURSOR = 'analyses';

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
  /** Who saved it: the actor's display name at that time (its id when it had none; older analyses: `token:<id>:<name>`). */
  createdBy: string;
  /** The actor id of who saved it (`user:<uuid>`, ...); absent for analyses saved before actors had ids. */
  createdById?: string;
  createdAt: string;
}

export interface SaveAnalysisReply {
  analysis: AnalysisDto;
}

export interface GetAnalysisReply {
  analysis: AnalysisDto;
}

export type ListAnalysesReply = Page<AnalysisDto>;

/** A person erasure that happened after the analysis was saved (it can change a reproduction). */
export interface ErasureNoticeDto {
  id: string;
  erasedAt: string;
  eventsErased: number;
  reason: string;
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

/** An insight question: its kind and the kind's query (validated with the kind's own schema). */
export const insightSpecSchema = closedObject({ kind: oneOf(INSIGHT_KINDS), query: jsonObject() });
export type InsightSpec = Static<typeof insightSpecSchema>;

/** Who saves it is the request envelope's actor (NATS headers), never a payload field. */
export const saveAnalysisRequestSchema = closedObject({
  projectId: uuid(),
  /** The project time zone the insight is computed in (kept with the analysis). */
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ minLength: 1, maxLength: ANALYSIS_LIMITS.maxTitleLength }),
  narrative: Type.String({ maxLength: ANALYSIS_LIMITS.maxNarrativeLength }),
  insight: insightSpecSchema,
});
export type SaveAnalysisRequest = Static<typeof saveAnalysisRequestSchema>;

/** An analysis is found only in its own project (ANALYSIS_NOT_FOUND otherwise, as for an unknown id). */
export const getAnalysisRequestSchema = closedObject({ projectId: uuid(), analysisId: uuid() });
export type GetAnalysisRequest = Static<typeof getAnalysisRequestSchema>;

export const reproduceAnalysisRequestSchema = getAnalysisRequestSchema;
export type ReproduceAnalysisRequest = GetAnalysisRequest;

/** Newest first (created DESC, then id); default 20 a page, at most ANALYSIS_LIMITS.maxListPage. */
export const listAnalysesRequestSchema = closedObject({ projectId: uuid(), ...pageRequestProperties(ANALYSIS_LIMITS.maxListPage) });
export type ListAnalysesRequest = Static<typeof listAnalysesRequestSchema>;
