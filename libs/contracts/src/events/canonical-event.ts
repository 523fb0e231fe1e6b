import { type Static, Type } from '@sinclair/typebox';
import { closedObject, jsonObject, oneOf, uuid } from '../json-schema/json-schema.builders';

/**
 * The one event shape every front door (native, Segment, PostHog) is mapped to.
 * Everything downstream (JetStream, DuckDB, insights) speaks only this.
 */
export const EVENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type JsonObject = { [key: string]: unknown };

/** Longest accepted event id (Segment documents messageId < 100 characters; we allow some slack). */
export const MAX_EVENT_ID_LENGTH = 128;
/** Longest accepted event name, user id or anonymous id. */
export const MAX_NAME_LENGTH = 1024;

const distinctId = () => Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH });
const isoDateTime = () => Type.String({ format: 'date-time' });

/** One `CanonicalEvent` (analytics checks each event on its own, so one bad event never sinks its message). */
export const canonicalEventSchema = closedObject({
  /** Client-supplied id (native `id`, Segment `messageId`, PostHog `uuid`), else generated. Unique per project. */
  id: Type.String({ minLength: 1, maxLength: MAX_EVENT_ID_LENGTH }),
  projectId: uuid(),
  type: oneOf(EVENT_TYPES, { type: 'string' }),
  /** Event name. Non-track types use reserved names, see `RESERVED_EVENT_NAMES`. */
  event: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
  userId: Type.Optional(distinctId()),
  anonymousId: Type.Optional(distinctId()),
  /** When it happened, ISO-8601 UTC with milliseconds, after clock-skew correction. */
  timestamp: isoDateTime(),
  /** When the collector received the request, ISO-8601 UTC. */
  receivedAt: isoDateTime(),
  /** When the client says it sent the request, if it said so. */
  sentAt: Type.Optional(isoDateTime()),
  properties: jsonObject(),
  context: jsonObject(),
});
export type CanonicalEvent = Static<typeof canonicalEventSchema>;

/** Event names given to non-track calls, so that every event has a name to count by. */
export const RESERVED_EVENT_NAMES: Readonly<Record<Exclude<EventType, 'track'>, string>> = {
  identify: '$identify',
  page: '$page',
  screen: '$screen',
  group: '$groupidentify',
  alias: '$create_alias',
};
