import { type Static, Type } from '@sinclair/typebox';
import { MAX_NAME_LENGTH } from '../events/canonical-event';
import { closedObject, uuid } from '../json-schema/json-schema.builders';

export const PERSON_ERASURE_LIMITS = {
  /** A distinct id is a user id or an anonymous id: as long as the event schema allows. */
  maxDistinctIdLength: MAX_NAME_LENGTH,
  maxReasonLength: 2_000,
} as const;

export interface ErasePersonReply {
  erasureId: string;
  erasedAt: string;
  /** How many distinct ids the erased person had (the ids themselves are gone). */
  distinctIds: number;
  /** Event rows deleted from DuckDB. */
  eventsErased: number;
  /** Stream messages replaced by a copy without the person's events (the original is deleted). */
  streamMessagesRewritten: number;
  /** Stream messages deleted outright (only the person's events, or a rejected message mentioning them). */
  streamMessagesDeleted: number;
  /** Rejected (never applied) messages mentioning the person, deleted from DuckDB and the stream. */
  rejectedMessagesDeleted: number;
  /** The data version at the erasure (it does not move: no stream message was applied). */
  dataVersion: string;
  /** True when the `person.erased` audit action was acknowledged by the AUDIT stream (else it is retried). */
  auditPublished: boolean;
}

/**
 * GDPR erasure of one person of a project in the analytics service: every event of the person
 * (DuckDB and the JetStream copy), their identity links, and rejected messages mentioning them.
 * `distinctId` is any of the person's ids (user id or anonymous id). Who asks is the request
 * envelope's actor (NATS headers), recorded with the erasure and on the audit trail.
 */
export const erasePersonRequestSchema = closedObject({
  projectId: uuid(),
  // Not trimmed or pattern-checked: ids are matched exactly as the events carry them.
  distinctId: Type.String({ minLength: 1, maxLength: PERSON_ERASURE_LIMITS.maxDistinctIdLength }),
  /** Why (e.g. the request's reference); recorded with the erasure and on the audit trail. */
  reason: Type.String({ minLength: 1, maxLength: PERSON_ERASURE_LIMITS.maxReasonLength, pattern: '\\S' }),
});
export type ErasePersonRequest = Static<typeof erasePersonRequestSchema>;
