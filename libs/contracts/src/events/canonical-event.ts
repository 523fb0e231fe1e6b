/**
 * The one event shape every front door (native, Segment, PostHog) is mapped to.
 * Everything downstream (JetStream, DuckDB, insights) speaks only this.
 */
export const EVENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type JsonObject = { [key: string]: unknown };

export interface CanonicalEvent {
  /** Client-supplied id (native `id`, Segment `messageId`, PostHog `uuid`), else generated. Unique per project. */
  id: string;
  projectId: string;
  type: EventType;
  /** Event name. Non-track types use reserved names, see `RESERVED_EVENT_NAMES`. */
  event: string;
  userId?: string;
  anonymousId?: string;
  /** When it happened, ISO-8601 UTC with milliseconds, after clock-skew correction. */
  timestamp: string;
  /** When the collector received the request, ISO-8601 UTC. */
  receivedAt: string;
  /** When the client says it sent the request, if it said so. */
  sentAt?: string;
  properties: JsonObject;
  context: JsonObject;
}

/** Event names given to non-track calls, so that every event has a name to count by. */
export const RESERVED_EVENT_NAMES: Readonly<Record<Exclude<EventType, 'track'>, string>> = {
  identify: '$identify',
  page: '$page',
  screen: '$screen',
  group: '$groupidentify',
  alias: '$create_alias',
};

/** Longest accepted event id (Segment documents messageId < 100 characters; we allow some slack). */
export const MAX_EVENT_ID_LENGTH = 128;
/** Longest accepted event name, user id or anonymous id. */
export const MAX_NAME_LENGTH = 1024;
