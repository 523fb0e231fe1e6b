import { EVENT_TYPES, MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH } from './canonical-event';

const isoDateTime = { type: 'string', format: 'date-time' } as const;

/** JSON Schema of `EventBatchMessage`: consumers validate every JetStream payload against it. */
export const eventBatchMessageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['v', 'batchId', 'projectId', 'events'],
  properties: {
    v: { type: 'integer', const: 1 },
    batchId: { type: 'string', minLength: 1, maxLength: 128 },
    projectId: { type: 'string', format: 'uuid' },
    events: {
      type: 'array',
      items: {
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
      },
    },
  },
} as const;
