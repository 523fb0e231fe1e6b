import { strictValidator } from '../json-schema/strict-ajv.testing';
import { type CanonicalEvent, MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH, canonicalEventSchema } from './canonical-event';
import { type EventBatchMessage, eventBatchEnvelopeSchema, eventBatchMessageSchema } from './event-batch.message';

const P = '6f1c1a52-9b8f-4e55-9a37-111111111111';
const event: CanonicalEvent = {
  id: 'x'.repeat(MAX_EVENT_ID_LENGTH),
  projectId: P,
  type: 'alias',
  event: 'x'.repeat(MAX_NAME_LENGTH),
  userId: 'u1',
  anonymousId: 'a1',
  timestamp: '2026-01-01T00:00:00.000Z',
  receivedAt: '2026-01-01T00:00:01.000Z',
  sentAt: '2026-01-01T00:00:00.500+01:00',
  properties: { nested: { deep: [1, 'two'] } },
  context: {},
};
const { userId: _u, anonymousId: _a, sentAt: _s, ...minimal } = event;
const message: EventBatchMessage = { v: 1, batchId: 'b'.repeat(128), projectId: P, events: [event, minimal] };

const valid = (schema: object, value: unknown) => strictValidator(schema)(value) as boolean;

describe('event batch message (stream EVENTS)', () => {
  it('accepts a batch with complete and minimal events; the envelope alone does not look into the events', () => {
    expect(valid(eventBatchMessageSchema, message)).toBe(true);
    expect(valid(eventBatchMessageSchema, { ...message, events: [] })).toBe(true);
    expect(valid(eventBatchEnvelopeSchema, { ...message, events: [{ not: 'an event' }, 42] })).toBe(true);
    expect(valid(eventBatchMessageSchema, { ...message, events: [{ not: 'an event' }] })).toBe(false);
  });

  it.each([
    ['version 2', { v: 2 }],
    ['version as text', { v: '1' }],
    ['version 1.5', { v: 1.5 }],
    ['batchId empty', { batchId: '' }],
    ['batchId too long', { batchId: 'b'.repeat(129) }],
    ['projectId no UUID', { projectId: 'p1' }],
    ['events not a list', { events: {} }],
    ['an unknown field', { actor: 'service:ingest' }],
  ])('refuses an envelope with %s', (_why, patch) => {
    expect(valid(eventBatchEnvelopeSchema, { ...message, ...patch })).toBe(false);
    expect(valid(eventBatchMessageSchema, { ...message, ...patch })).toBe(false);
  });

  it('refuses an envelope or an event without any one of its required fields', () => {
    for (const [schema, whole] of [
      [eventBatchEnvelopeSchema, message],
      [canonicalEventSchema, event],
    ] as const) {
      for (const key of schema.required ?? []) {
        const { [key]: _dropped, ...rest } = whole as Record<string, unknown>;
        expect({ key, accepted: valid(schema, rest) }).toEqual({ key, accepted: false });
      }
    }
    expect(canonicalEventSchema.required).toEqual(['id', 'projectId', 'type', 'event', 'timestamp', 'receivedAt', 'properties', 'context']);
  });

  it.each([
    ['an unknown type', { type: 'click' }],
    ['an empty id', { id: '' }],
    ['an id too long', { id: 'x'.repeat(MAX_EVENT_ID_LENGTH + 1) }],
    ['an empty name', { event: '' }],
    ['a name too long', { event: 'x'.repeat(MAX_NAME_LENGTH + 1) }],
    ['an empty userId', { userId: '' }],
    ['an anonymousId too long', { anonymousId: 'x'.repeat(MAX_NAME_LENGTH + 1) }],
    ['a timestamp without time', { timestamp: '2026-01-01' }],
    ['a receivedAt that is no date', { receivedAt: 'yesterday' }],
    ['properties a list', { properties: [] }],
    ['context a string', { context: '{}' }],
    ['an unknown field', { name: 'Signed Up' }],
  ])('refuses an event with %s', (_why, patch) => {
    expect(valid(canonicalEventSchema, { ...event, ...patch })).toBe(false);
    expect(valid(eventBatchMessageSchema, { ...message, events: [{ ...event, ...patch }] })).toBe(false);
  });
});
