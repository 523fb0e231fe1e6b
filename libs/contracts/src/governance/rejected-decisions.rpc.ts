import { type Static } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import { GOVERNANCE_PAGES } from './governance.enums';

/**
 * What a page of rejected decisions may carry. A rejected row is small, but a message kept aside
 * whole is as large as it was published (up to the broker's `max_payload`, 8 MiB in the bundled
 * config), and the page travels back in one NATS reply: a page ends early, before `first` rows,
 * once the stored text of its payloads and reasons passes `pagePayloadBytes` (its first row is
 * always included). A payload nesting deeper than `payloadMaxDepth` (the gateway's JSON scalar
 * refuses deeper values) is given as text.
 */
export const REJECTED_DECISION_LIMITS = {
  pagePayloadBytes: 1024 * 1024,
  payloadMaxDepth: 32,
} as const;

/**
 * One decision the JetStream consumer could not store (a row of a message, or a whole message),
 * kept in `rejected_decisions` with its reason: never dropped. Listed only in the project the
 * message named; rows whose project could not be read (not JSON, a message from before projects
 * whose version has no project) are listed in no project.
 */
export interface RejectedDecisionDto {
  /** Position in `rejected_decisions` (the list's order and cursor); grows with every rejection. */
  id: number;
  /** The JetStream sequence of the message in stream DECISIONS. */
  streamSeq: number;
  /** 0-based index of the row in the message's `decisions`; -1 = the whole message was kept aside. */
  rowIndex: number;
  /** The model version the message named, as sent (null when it could not be read). */
  modelVersionId: string | null;
  /** The row's `decisionId` when it had a string one (null for whole messages). */
  decisionId: string | null;
  /** e.g. `INVALID_FIELD`, `MISSING_FIELD`, `DECISION_ID_CONFLICT`, `INVALID_MESSAGE`, `ACTOR_MISSING`, `MODEL_VERSION_NOT_FOUND`, `APPLY_FAILED`. */
  code: string;
  reason: string;
  /**
   * The rejected row (or whole message) as JSON. null after erasure, and when the stored text
   * cannot be given as JSON (then `payloadText` holds it).
   */
  payload: unknown;
  /**
   * The stored text when it is not JSON the API can carry: not JSON at all, nesting deeper than
   * `REJECTED_DECISION_LIMITS.payloadMaxDepth`, or a number beyond the double range. null otherwise.
   */
  payloadText: string | null;
  /** The actor id of the publisher (its envelope header, or a v1 message's `actor`); null when unknown. */
  actor: string | null;
  /** When it was kept aside (ISO-8601). */
  rejectedAt: string;
  /** When an erasure (GDPR Art. 17) cleared its payload (ISO-8601), else null. */
  erasedAt: string | null;
}

/** The project's rejected decisions, oldest first (by id): page size default 50, at most GOVERNANCE_PAGES.rejectedDecisions.max. */
export const listRejectedDecisionsRequestSchema = closedObject({ projectId: uuid(), ...pageRequestProperties(GOVERNANCE_PAGES.rejectedDecisions.max) });
export type ListRejectedDecisionsRequest = Static<typeof listRejectedDecisionsRequestSchema>;
export type ListRejectedDecisionsReply = Page<RejectedDecisionDto>;
