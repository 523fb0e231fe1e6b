import type { ProjectScoped } from './model-registry.rpc';

/** Protected attributes used for auditing (e.g. sex, race, age): flat JSON scalars. */
export type DecisionAttributes = Record<string, string | number | boolean | null>;

/** One decision as callers send it (GraphQL `DecisionInput`, CSV rows, JetStream messages). */
export interface DecisionInputDto {
  decisionId: string;
  /** A pseudonym of the person decided about, never a direct identifier. */
  subjectRef: string;
  /** ISO-8601 with offset. */
  occurredAt: string;
  purpose: string;
  outcome: string;
  score?: number | null;
  groundTruth?: string | null;
  attributes?: DecisionAttributes | null;
}

/** A row that was not stored, with a code the caller can act on; the other rows are kept. */
export interface RowRejectionDto {
  /** 0-based index in the request's list. */
  index: number;
  /** e.g. `MISSING_FIELD`, `INVALID_FIELD`, `DECISION_ID_CONFLICT`, `DECISION_NOT_FOUND`. */
  code: string;
  message: string;
}

export interface RecordDecisionsRequest extends ProjectScoped {
  modelVersionId: string;
  /** Validated row by row by the service (bad rows are rejected, good rows kept). */
  decisions: unknown[];
}
export interface RecordDecisionsReply {
  accepted: number;
  /** Same decisionId and same content as an already stored decision (a retry). */
  duplicates: number;
  rejected: RowRejectionDto[];
  /** Audit-trail entry recording this batch (null when nothing was accepted). */
  auditSeq: number | null;
}

export interface OutcomeInputDto {
  decisionId: string;
  groundTruth: string;
}
export interface RecordOutcomesRequest extends ProjectScoped {
  modelVersionId: string;
  outcomes: unknown[];
}
export interface RecordOutcomesReply {
  updated: number;
  rejected: RowRejectionDto[];
  auditSeq: number | null;
}

/** GDPR Art. 17 erasure of a subject's personal data in the project's decision log; the audit trail stays verifiable. */
export interface EraseDecisionSubjectRequest extends ProjectScoped {
  subjectRef: string;
  reason: string;
}
export interface EraseDecisionSubjectReply {
  erasedDecisions: number;
  auditSeq: number;
}

/**
 * JetStream message on `SUBJECTS.decisionsRecorded` (stream DECISIONS): decisions of one model
 * version of one project. Idempotent by (project, decisionId); invalid rows are kept aside with
 * their reason, never dropped. Who publishes is not in the payload: the message carries the
 * request envelope's headers (`ENVELOPE_HEADERS.actorId`, e.g. `service:credit-scorer`, and
 * optionally `actorName`); a message without the actor header is kept aside (ACTOR_MISSING).
 */
export interface DecisionBatchMessage {
  v: 2;
  projectId: string;
  modelVersionId: string;
  decisions: DecisionInputDto[];
}

/**
 * @deprecated The message before projects (actor in the payload, no project). Still applied: the
 * project is the model version's, the actor the payload's. Publish `DecisionBatchMessage` (v 2).
 */
export interface DecisionBatchMessageV1 {
  v: 1;
  modelVersionId: string;
  actor: string;
  decisions: DecisionInputDto[];
}
