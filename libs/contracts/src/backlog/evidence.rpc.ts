/**
 * Evidence on backlog items: a saved analysis, a model version, an audit, a fairness report or a
 * web page, attached with a narrative and a stance. Evidence is never deleted, only withdrawn with
 * a reason, so the history of what a decision rested on stays readable. Semantics in docs/backlog.md.
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject, oneOf, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import { type FairnessSummaryDto, fairnessReportRequestSchema } from '../governance/fairness.rpc';
import type { AuditOutcome } from '../governance/governance.enums';
import type { InsightKind } from '../insights/analyses.rpc';
import type { InsightResultEnvelope } from '../insights/insight-common';
import type { BacklogItemState } from './backlog.enums';
import { expectedVersion } from './backlog.fields';

/** What a piece of evidence points at; each kind is verified with its owning service when attached. */
export const EVIDENCE_KINDS = ['ANALYSIS', 'MODEL_VERSION', 'AUDIT', 'FAIRNESS_REPORT', 'URL'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** How the evidence bears on the item. */
export const EVIDENCE_STANCES = ['SUPPORTS', 'CONTRADICTS', 'INFORMS'] as const;
export type EvidenceStance = (typeof EVIDENCE_STANCES)[number];

/** `SAME`: the attached analysis answers the same at the current data version; `CHANGED`: it does not. */
export const EVIDENCE_FRESHNESS_STATUSES = ['SAME', 'CHANGED'] as const;
export type EvidenceFreshnessStatus = (typeof EVIDENCE_FRESHNESS_STATUSES)[number];

export const EVIDENCE_LIMITS = {
  /** The narrative is Markdown of at most 64 KiB (UTF-8 bytes; the schema bounds characters first). */
  maxNarrativeBytes: 65_536,
  maxUrlLength: 2_048,
  maxReasonLength: 2_000,
  defaultListPage: 50,
  maxListPage: 200,
} as const;

/** Cursor kind of an item's evidence list. */
export const EVIDENCE_CURSOR = 'backlog-evidence';

// ---------------------------------------------------------------------------------------------
// Requests

const reason = () => Type.String({ minLength: 1, maxLength: EVIDENCE_LIMITS.maxReasonLength, pattern: '\\S' });

/** The fairness report's parameters: those of `governance.fairness-report.get.v1`, without the project. */
const { projectId: _fairnessProject, ...fairnessReportParameters } = fairnessReportRequestSchema.properties;
export const fairnessReportParametersSchema = closedObject(fairnessReportParameters);
export type FairnessReportParameters = Static<typeof fairnessReportParametersSchema>;

/** What to attach: one shape per kind (`kind` tells them apart). */
export const evidenceSourceSchema = Type.Union([
  closedObject({ kind: Type.Literal('ANALYSIS'), analysisId: uuid() }),
  closedObject({ kind: Type.Literal('MODEL_VERSION'), modelVersionId: uuid() }),
  closedObject({ kind: Type.Literal('AUDIT'), auditId: uuid() }),
  closedObject({ kind: Type.Literal('FAIRNESS_REPORT'), report: fairnessReportParametersSchema }),
  /** http or https only (checked again after parsing: a URL must parse and have a host). */
  closedObject({
    kind: Type.Literal('URL'),
    url: Type.String({ minLength: 8, maxLength: EVIDENCE_LIMITS.maxUrlLength, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' }),
  }),
]);
export type EvidenceSourceInput = Static<typeof evidenceSourceSchema>;

/** Who attaches is the request envelope's actor. Bumps the item's version (`expectedVersion` must be current). */
export const attachEvidenceRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  expectedVersion: expectedVersion(),
  source: evidenceSourceSchema,
  stance: oneOf(EVIDENCE_STANCES),
  /** Markdown, stored as sent (clients render it safely); may be empty. */
  narrative: Type.String({ maxLength: EVIDENCE_LIMITS.maxNarrativeBytes }),
});
export type AttachEvidenceRequest = Static<typeof attachEvidenceRequestSchema>;

/** `expectedVersion` is the version of the item the evidence is on (withdrawing bumps it). */
export const withdrawEvidenceRequestSchema = closedObject({
  projectId: uuid(),
  evidenceId: uuid(),
  expectedVersion: expectedVersion(),
  reason: reason(),
});
export type WithdrawEvidenceRequest = Static<typeof withdrawEvidenceRequestSchema>;

/** An item's evidence, oldest first (attached, then id), withdrawn evidence included and marked. */
export const listEvidenceRequestSchema = closedObject({
  projectId: uuid(),
  itemId: uuid(),
  ...pageRequestProperties(EVIDENCE_LIMITS.maxListPage),
});
export type ListEvidenceRequest = Static<typeof listEvidenceRequestSchema>;

/** ANALYSIS evidence only (other kinds are VALIDATION_FAILED: there is nothing to recompute). */
export const evidenceFreshnessRequestSchema = closedObject({ projectId: uuid(), evidenceId: uuid() });
export type EvidenceFreshnessRequest = Static<typeof evidenceFreshnessRequestSchema>;

/** The items an analysis is attached to (the other direction of ANALYSIS evidence). */
export const itemsForAnalysisRequestSchema = closedObject({ projectId: uuid(), analysisId: uuid() });
export type ItemsForAnalysisRequest = Static<typeof itemsForAnalysisRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Replies

/** What the evidence pointed at when it was attached (verified then with the owning service). */
export type EvidenceSourceDto =
  | {
      kind: 'ANALYSIS';
      analysisId: string;
      title: string;
      insightKind: InsightKind;
      /** The analysis's data version and query fingerprint as attached (a saved analysis never changes). */
      dataVersion: string;
      queryFingerprint: string;
      resultDigest: string;
    }
  | { kind: 'MODEL_VERSION'; modelVersionId: string; modelId: string; modelName: string; version: number; artifactDigest: string }
  | { kind: 'AUDIT'; auditId: string; modelVersionId: string; outcome: AuditOutcome; ranAt: string }
  | {
      kind: 'FAIRNESS_REPORT';
      modelVersionId: string;
      parameters: FairnessReportParameters;
      /** The report's summary and totals as computed when attached (a report is computed, not stored, by governance). */
      summary: FairnessSummaryDto;
      totals: { n: number; favorable: number; labeled: number; groups: number };
      computedAt: string;
    }
  | { kind: 'URL'; url: string };

export interface EvidenceWithdrawalDto {
  at: string;
  /** Actor id from the request envelope. */
  by: string;
  byName: string | null;
  reason: string;
}

export interface EvidenceDto {
  id: string;
  projectId: string;
  itemId: string;
  stance: EvidenceStance;
  narrative: string;
  source: EvidenceSourceDto;
  attachedAt: string;
  attachedBy: string;
  attachedByName: string | null;
  /** Null while the evidence stands. */
  withdrawal: EvidenceWithdrawalDto | null;
}

export interface AttachEvidenceReply {
  evidence: EvidenceDto;
  /** The item's version after the change. */
  itemVersion: number;
}

export type WithdrawEvidenceReply = AttachEvidenceReply;

export type ListEvidenceReply = Page<EvidenceDto>;

/** One answer of the attached analysis's question. */
export interface EvidenceAnswerDto {
  dataVersion: string;
  queryFingerprint: string;
  result: InsightResultEnvelope & Record<string, unknown>;
}

export interface EvidenceFreshnessReply {
  evidenceId: string;
  analysisId: string;
  status: EvidenceFreshnessStatus;
  /** The result saved with the analysis (what the evidence showed when attached). */
  attached: EvidenceAnswerDto;
  /** The same question at the current data version. */
  current: EvidenceAnswerDto;
  /** Top-level result fields that differ, the data version aside (empty when SAME). */
  differences: string[];
}

export interface AnalysisItemEvidenceDto {
  evidenceId: string;
  stance: EvidenceStance;
  withdrawn: boolean;
}

export interface AnalysisItemDto {
  id: string;
  key: string;
  title: string;
  state: BacklogItemState;
  /** This analysis's evidence on the item, oldest first. */
  evidence: AnalysisItemEvidenceDto[];
}

export interface ItemsForAnalysisReply {
  analysisId: string;
  /** By item number. */
  items: AnalysisItemDto[];
}
