import { EVENT_TYPES, MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH } from './canonical-event';

const isoDateTime = { type: 'string', format: 'date-time' } as const;

/** JSON Schema of one `CanonicalEvent` (analytics checks each event on its own, so one bad event never sinks its message). */
export const canonicalEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'projectId', 'type', 'event', 'timestamp', 'receivedAt', 'properties', 'context'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: MAX_EVENT_ID_LENGTH },
    projectId: { type: 'string', format: 'uuid' },
    type: { type: 'string', enum: [...EVENT_TYPES] },
    event: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
    userId: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
    anonymousId: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
    timestamp: isoDateTime,
    receivedAt: isoDateTime,
    sentAt: isoDateTime,
    properties: { type: 'object' },
    context: { type: 'object' },
  },
} as const;

/** The message around the events: a message whose envelope breaks this is set aside whole. */
export const eventBatchEnvelopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['v', 'batchId', 'projectId', 'events'],
  properties: {
    v: { type: 'integer', const: 1 },
    batchId: { type: 'string', minLength: 1, maxLength: 128 },
    projectId: { type: 'string', format: 'uuid' },
    events: { type: 'array' },
  },
} as const;

/** JSON Schema of a whole `EventBatchMessage` (the envelope with every event valid). */
export const eventBatchMessageSchema = {
  ...eventBatchEnvelopeSchema,
  properties: { ...eventBatchEnvelopeSchema.properties, events: { type: 'array', items: canonicalEventSchema } },
} as const;
