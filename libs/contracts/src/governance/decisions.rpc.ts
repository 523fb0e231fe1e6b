import { type Static, Type } from '@sinclair/typebox';
import { closedObject, integerConst, nullable, recordOf, uncheckedArray, uuid } from '../json-schema/json-schema.builders';
import { GOVERNANCE_LIMITS } from './governance.enums';
import { callerId, name, requiredText } from './governance.fields';

/** ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`); seconds and fractions optional. */
const ISO_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

/** Text a row requires: not blank (the service trims to check), at most `maxLength` characters. */
const rowText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** Protected attributes used for auditing (e.g. sex, race, age): flat JSON scalars. */
export const decisionAttributesSchema = recordOf(Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]));
export type DecisionAttributes = Static<typeof decisionAttributesSchema>;

/**
 * One decision as callers send it (GraphQL `DecisionInput`, CSV rows, JetStream messages). The
 * governance service checks each row on its own (`validateDecisionRow`: coded rejections, one bad
 * row never sinks the others) and also refuses what a schema cannot say: a `subjectRef` that looks
 * like an e-mail address, a date that is not in the calendar, attributes over
 * `GOVERNANCE_LIMITS.maxAttributesBytes` as JSON, attribute names longer than `maxNameLength`.
 */
export const decisionInputSchema = closedObject({
  decisionId: rowText(GOVERNANCE_LIMITS.maxIdLength),
  /** A pseudonym of the person decided about, never a direct identifier. */
  subjectRef: rowText(GOVERNANCE_LIMITS.maxIdLength),
  /** ISO-8601 with offset. */
  occurredAt: Type.String({ maxLength: 40, pattern: ISO_WITH_OFFSET }),
  purpose: rowText(GOVERNANCE_LIMITS.maxNameLength),
  outcome: rowText(GOVERNANCE_LIMITS.maxNameLength),
  score: Type.Optional(nullable(Type.Number())),
  groundTruth: Type.Optional(nullable(rowText(GOVERNANCE_LIMITS.maxNameLength))),
  attributes: Type.Optional(nullable(decisionAttributesSchema)),
});
export type DecisionInputDto = Static<typeof decisionInputSchema>;

/** A row that was not stored, with a code the caller can act on; the other rows are kept. */
export interface RowRejectionDto {
  /** 0-based index in the request's list. */
  index: number;
  /** e.g. `MISSING_FIELD`, `INVALID_FIELD`, `DECISION_ID_CONFLICT`, `DECISION_NOT_FOUND`. */
  code: string;
  message: string;
}

/** Rows are validated one by one by the service (bad rows rejected with a code, good rows kept). */
export const recordDecisionsRequestSchema = closedObject({
  projectId: uuid(),
  modelVersionId: uuid(),
  decisions: uncheckedArray({ minItems: 1, maxItems: GOVERNANCE_LIMITS.maxDecisionsPerCall }),
});
export type RecordDecisionsRequest = Static<typeof recordDecisionsRequestSchema>;
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
export const recordOutcomesRequestSchema = closedObject({
  projectId: uuid(),
  modelVersionId: uuid(),
  outcomes: uncheckedArray({ minItems: 1, maxItems: GOVERNANCE_LIMITS.maxOutcomesPerCall }),
});
export type RecordOutcomesRequest = Static<typeof recordOutcomesRequestSchema>;
export interface RecordOutcomesReply {
  updated: number;
  rejected: RowRejectionDto[];
  auditSeq: number | null;
}

/** GDPR Art. 17 erasure of a subject's personal data in the project's decision log; the audit trail stays verifiable. */
export const eraseDecisionSubjectRequestSchema = closedObject({ projectId: uuid(), subjectRef: callerId(), reason: requiredText() });
export type EraseDecisionSubjectRequest = Static<typeof eraseDecisionSubjectRequestSchema>;
export interface EraseDecisionSubjectReply {
  erasedDecisions: number;
  auditSeq: number;
}

/**
 * JetStream message on `SUBJECTS.decisionsRecorded` (stream DECISIONS): decisions of one model
 * version of one project. Idempotent by (project, decisionId); invalid rows are kept aside with
 * their reason, never dropped: the governance consumer checks the envelope, then each row on its
 * own (as `decisionInputSchema` says, and more). Who publishes is not in the payload: the message
 * carries the request envelope's headers (`ENVELOPE_HEADERS.actorId`, e.g. `service:credit-scorer`,
 * and optionally `actorName`); a message without the actor header is kept aside (ACTOR_MISSING).
 */
export const decisionBatchMessageSchema = closedObject({
  v: integerConst(2),
  projectId: uuid(),
  modelVersionId: uuid(),
  decisions: decisionRows(),
});
export type DecisionBatchMessage = Static<typeof decisionBatchMessageSchema>;

/**
 * @deprecated The message before projects (actor in the payload, no project). Still applied: the
 * project is the model version's, the actor the payload's. Publish `DecisionBatchMessage` (v 2).
 */
export const decisionBatchMessageV1Schema = closedObject({
  v: integerConst(1),
  modelVersionId: uuid(),
  actor: name(),
  decisions: decisionRows(),
});
/** @deprecated Publish `DecisionBatchMessage` (v 2). */
export type DecisionBatchMessageV1 = Static<typeof decisionBatchMessageV1Schema>;

function decisionRows() {
  return Type.Array(decisionInputSchema, { minItems: 1, maxItems: GOVERNANCE_LIMITS.maxDecisionsPerCall });
}
