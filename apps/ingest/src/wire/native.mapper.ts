/**
 * Native front door, `POST /v1/events`:
 * `{ "sentAt"?: iso, "events": [{ id?, type?, event, userId?, anonymousId?, timestamp?, sentAt?, properties?, context? }] }`.
 * Our own format, so it is strict: unknown fields are refused (they are almost always typos) and ids must
 * be strings.
 */
import { EVENT_TYPES, RESERVED_EVENT_NAMES } from '@fulcrum/contracts';
import type { CanonicalEvent, EventType, JsonObject } from '@fulcrum/contracts';
import type { WireContext } from './wire-context';
import {
  assertEventSize,
  child,
  indexed,
  invalid,
  isPresent,
  optionalEventId,
  optionalIdentity,
  optionalObject,
  optionalText,
  optionalTimestamp,
  requireObject,
  skewCorrected,
  toIsoTimestamp,
} from './wire-fields';

const BODY_FIELDS: ReadonlySet<string> = new Set(['events', 'sentAt']);
const EVENT_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'event',
  'userId',
  'anonymousId',
  'timestamp',
  'sentAt',
  'properties',
  'context',
]);

export function mapNativeBody(body: unknown, ctx: WireContext): CanonicalEvent[] {
  const envelope = requireObject(body, '', 'a JSON object with an "events" array');
  rejectUnknownFields(envelope, BODY_FIELDS, '');
  if (!Array.isArray(envelope.events)) throw invalid('events', 'is required and must be an array of events');
  const batchSentAt = optionalTimestamp(envelope, 'sentAt', '');
  return envelope.events.map((item, index) => mapNativeEvent(item, indexed('events', index), batchSentAt, ctx));
}

function mapNativeEvent(item: unknown, path: string, batchSentAt: Date | undefined, ctx: WireContext): CanonicalEvent {
  const raw = requireObject(item, path, 'an event object');
  assertEventSize(raw, path);
  rejectUnknownFields(raw, EVENT_FIELDS, path);

  const type = readType(raw, path);
  const event = readEventName(raw, type, path);
  const userId = optionalIdentity(raw, 'userId', path, false);
  const anonymousId = optionalIdentity(raw, 'anonymousId', path, false);
  if (userId === undefined && anonymousId === undefined) {
    throw invalid(child(path, 'userId'), 'an event needs a userId or an anonymousId');
  }

  const timestamp = optionalTimestamp(raw, 'timestamp', path);
  const sentAt = optionalTimestamp(raw, 'sentAt', path) ?? batchSentAt;
  let time: number;
  if (timestamp !== undefined && sentAt !== undefined) time = skewCorrected(timestamp, sentAt, ctx.receivedAt);
  else if (timestamp !== undefined) time = timestamp.getTime();
  else time = ctx.receivedAt.getTime();

  return {
    id: optionalEventId(raw, 'id', path) ?? ctx.newId(),
    projectId: ctx.projectId,
    type,
    event,
    ...(userId !== undefined && { userId }),
    ...(anonymousId !== undefined && { anonymousId }),
    timestamp: toIsoTimestamp(time, child(path, 'timestamp')),
    receivedAt: ctx.receivedAt.toISOString(),
    ...(sentAt !== undefined && { sentAt: sentAt.toISOString() }),
    properties: optionalObject(raw, 'properties', path) ?? {},
    context: optionalObject(raw, 'context', path) ?? {},
  };
}

function readType(raw: JsonObject, path: string): EventType {
  const value = raw.type;
  if (!isPresent(value)) return 'track';
  if (typeof value !== 'string' || !(EVENT_TYPES as readonly string[]).includes(value)) {
    throw invalid(child(path, 'type'), `must be one of ${EVENT_TYPES.join(', ')}`);
  }
  return value as EventType;
}

/** Track events name themselves; other types get their reserved name, and may only repeat it. */
function readEventName(raw: JsonObject, type: EventType, path: string): string {
  if (type === 'track') {
    const name = optionalText(raw, 'event', path);
    if (name === undefined) throw invalid(child(path, 'event'), 'a track event needs a non-empty event name');
    return name;
  }
  const reserved = RESERVED_EVENT_NAMES[type];
  const given = optionalText(raw, 'event', path);
  if (given !== undefined && given !== reserved) {
    throw invalid(child(path, 'event'), `a ${type} event is named "${reserved}"; omit event or send "${reserved}"`);
  }
  return reserved;
}

function rejectUnknownFields(obj: JsonObject, known: ReadonlySet<string>, path: string): void {
  const unknown = Object.keys(obj).find((key) => !known.has(key));
  if (unknown !== undefined) {
    throw invalid(child(path, unknown), `unknown field; expected one of ${[...known].join(', ')}`);
  }
}
