import { type Static, Type } from '@sinclair/typebox';
import { closedObject, integerConst, uncheckedArray, uuid } from '../json-schema/json-schema.builders';
import { canonicalEventSchema } from './canonical-event';

export const EVENT_BATCH_MESSAGE_VERSION = 1 as const;

const batchFields = {
  /** Payload schema version; consumers refuse versions they do not know. */
  v: integerConst(EVENT_BATCH_MESSAGE_VERSION),
  /** Unique per published message; also sent as `Nats-Msg-Id` so a re-publish is de-duplicated by JetStream. */
  batchId: Type.String({ minLength: 1, maxLength: 128 }),
  projectId: uuid(),
};

/**
 * Payload of one JetStream message on `SUBJECTS.eventsAccepted`: many events of one project
 * (the collector publishes batches, never one message per event).
 */
export const eventBatchMessageSchema = closedObject({ ...batchFields, events: Type.Array(canonicalEventSchema) });
export type EventBatchMessage = Static<typeof eventBatchMessageSchema>;

/**
 * The message around the events, each event unchecked: a message whose envelope breaks this is set
 * aside whole; each event is then checked on its own against `canonicalEventSchema`.
 */
export const eventBatchEnvelopeSchema = closedObject({ ...batchFields, events: uncheckedArray() });
