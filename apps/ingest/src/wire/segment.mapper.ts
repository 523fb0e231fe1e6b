/**
 * Segment front door: the Tracking API (`/v1/batch|track|identify|page|screen|group|alias`, and the
 * analytics.js short forms `/v1/b|t|i|p|s|g|a`). Field mapping (see docs/ingest.md for the full table):
 *
 * - `messageId` → `id`; identify `traits` → `properties`; group → `{ groupId, ...traits }`;
 *   alias → `{ previousId }`; page/screen `name`/`category` → `properties.name`/`properties.category`.
 * - `context` is kept as sent (batch-level `context` merged in, the item wins). Envelope fields that have no
 *   canonical home are kept under reserved context keys instead of being dropped: `integrations` →
 *   `context.integrations`, `_metadata` → `context._metadata`, any other unrecognised field →
 *   `context.unmapped.<field>`. Only the credentials `writeKey` and `projectId` (analytics.js copies the write
 *   key there) are dropped.
 * - Timestamps: the client time (`originalTimestamp`, else `timestamp`) with `sentAt` →
 *   `receivedAt − (sentAt − clientTime)`; without `sentAt` the client time as given; else `receivedAt`.
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
  unmappedFields,
} from './wire-fields';

export type SegmentRoute = 'batch' | 'track' | 'identify' | 'page' | 'screen' | 'group' | 'alias';

interface SegmentEnvelope {
  context?: JsonObject;
  integrations?: JsonObject;
  sentAt?: Date;
}

const COMMON_FIELDS = [
  'type',
  'messageId',
  'userId',
  'anonymousId',
  'context',
  'integrations',
  'timestamp',
  'originalTimestamp',
  'sentAt',
  '_metadata',
];
/** Credentials, not event data: never stored. */
const DROPPED_FIELDS = ['writeKey', 'projectId'];
const TYPE_FIELDS: Readonly<Record<EventType, readonly string[]>> = {
  track: ['event', 'properties'],
  page: ['name', 'category', 'properties'],
  screen: ['name', 'category', 'properties'],
  identify: ['traits'],
  group: ['groupId', 'traits'],
  alias: ['previousId'],
};
const KNOWN_FIELDS = new Map<EventType, ReadonlySet<string>>(
  EVENT_TYPES.map((type) => [type, new Set([...COMMON_FIELDS, ...DROPPED_FIELDS, ...TYPE_FIELDS[type]])]),
);

/** Context keys this mapper writes; a client context that already uses one of them is refused. */
const CONTEXT_INTEGRATIONS = 'integrations';
const CONTEXT_METADATA = '_metadata';
const CONTEXT_UNMAPPED = 'unmapped';

export function mapSegmentBody(route: SegmentRoute, body: unknown, ctx: WireContext): CanonicalEvent[] {
  if (route !== 'batch') {
    const event = requireObject(body, '', 'a JSON object (one Segment event)');
    return [mapSegmentEvent(event, '', route, {}, ctx)];
  }
  const envelope = requireObject(body, '', 'a JSON object with a "batch" array');
  if (!Array.isArray(envelope.batch)) throw invalid('batch', 'is required and must be an array of events');
  const shared: SegmentEnvelope = {
    context: optionalObject(envelope, 'context', ''),
    integrations: optionalObject(envelope, 'integrations', ''),
    sentAt: optionalTimestamp(envelope, 'sentAt', ''),
  };
  return envelope.batch.map((item, index) => {
    const path = indexed('batch', index);
    return mapSegmentEvent(requireObject(item, path, 'an event object'), path, undefined, shared, ctx);
  });
}

function mapSegmentEvent(
  raw: JsonObject,
  path: string,
  routeType: EventType | undefined,
  envelope: SegmentEnvelope,
  ctx: WireContext,
): CanonicalEvent {
  assertEventSize(raw, path);
  const type = readType(raw, path, routeType);

  const userId = optionalIdentity(raw, 'userId', path, true);
  const anonymousId = optionalIdentity(raw, 'anonymousId', path, true);
  if (type === 'alias' && userId === undefined) {
    throw invalid(child(path, 'userId'), 'an alias call needs the userId the previousId is merged into');
  }
  if (userId === undefined && anonymousId === undefined) {
    throw invalid(child(path, 'userId'), 'an event needs a userId or an anonymousId');
  }

  const { event, properties } = readPayload(raw, type, path);
  const sentAt = optionalTimestamp(raw, 'sentAt', path) ?? envelope.sentAt;

  return {
    id: optionalEventId(raw, 'messageId', path) ?? ctx.newId(),
    projectId: ctx.projectId,
    type,
    event,
    ...(userId !== undefined && { userId }),
    ...(anonymousId !== undefined && { anonymousId }),
    timestamp: eventTime(raw, path, sentAt, ctx.receivedAt),
    receivedAt: ctx.receivedAt.toISOString(),
    ...(sentAt !== undefined && { sentAt: sentAt.toISOString() }),
    properties,
    context: buildContext(raw, type, path, envelope),
  };
}

function readType(raw: JsonObject, path: string, routeType: EventType | undefined): EventType {
  const value = raw.type;
  const field = child(path, 'type');
  if (routeType !== undefined) {
    if (isPresent(value) && value !== routeType) {
      throw invalid(field, `is ${JSON.stringify(value)} but this endpoint takes ${routeType} calls`);
    }
    return routeType;
  }
  if (!isPresent(value)) throw invalid(field, `is required in a batch; one of ${EVENT_TYPES.join(', ')}`);
  if (typeof value !== 'string' || !(EVENT_TYPES as readonly string[]).includes(value)) {
    throw invalid(field, `must be one of ${EVENT_TYPES.join(', ')}`);
  }
  return value as EventType;
}

function readPayload(raw: JsonObject, type: EventType, path: string): { event: string; properties: JsonObject } {
  switch (type) {
    case 'track': {
      const event = optionalText(raw, 'event', path);
      if (event === undefined) throw invalid(child(path, 'event'), 'a track call needs a non-empty event name');
      return { event, properties: optionalObject(raw, 'properties', path) ?? {} };
    }
    case 'page':
    case 'screen': {
      const name = optionalText(raw, 'name', path);
      const category = optionalText(raw, 'category', path);
      const properties: JsonObject = {
        ...(optionalObject(raw, 'properties', path) ?? {}),
        ...(name !== undefined && { name }),
        ...(category !== undefined && { category }),
      };
      return { event: RESERVED_EVENT_NAMES[type], properties };
    }
    case 'identify':
      return { event: RESERVED_EVENT_NAMES.identify, properties: optionalObject(raw, 'traits', path) ?? {} };
    case 'group': {
      const groupId = optionalIdentity(raw, 'groupId', path, true);
      if (groupId === undefined) throw invalid(child(path, 'groupId'), 'a group call needs a groupId');
      const { groupId: traitGroupId, ...traits } = optionalObject(raw, 'traits', path) ?? {};
      if (isPresent(traitGroupId) && String(traitGroupId) !== groupId) {
        throw invalid(child(path, 'traits.groupId'), 'contradicts the groupId of the call');
      }
      return { event: RESERVED_EVENT_NAMES.group, properties: { groupId, ...traits } };
    }
    case 'alias': {
      const previousId = optionalIdentity(raw, 'previousId', path, true);
      if (previousId === undefined) throw invalid(child(path, 'previousId'), 'an alias call needs a previousId');
      return { event: RESERVED_EVENT_NAMES.alias, properties: { previousId } };
    }
  }
}

/** Segment semantics: only a client that says both when the call happened and when it sent it is corrected. */
function eventTime(raw: JsonObject, path: string, sentAt: Date | undefined, receivedAt: Date): string {
  const originalTimestamp = optionalTimestamp(raw, 'originalTimestamp', path);
  const timestamp = optionalTimestamp(raw, 'timestamp', path);
  // As Segment's API does: the client's own clock (originalTimestamp, else timestamp) is corrected
  // by the difference between its sentAt and our receivedAt.
  const clientTime = originalTimestamp ?? timestamp;
  const time =
    clientTime !== undefined && sentAt !== undefined
      ? skewCorrected(clientTime, sentAt, receivedAt)
      : (clientTime ?? receivedAt).getTime();
  return toIsoTimestamp(time, child(path, originalTimestamp !== undefined ? 'originalTimestamp' : 'timestamp'));
}

function buildContext(raw: JsonObject, type: EventType, path: string, envelope: SegmentEnvelope): JsonObject {
  const context: JsonObject = { ...envelope.context, ...optionalObject(raw, 'context', path) };
  const itemIntegrations = optionalObject(raw, 'integrations', path);
  const integrations: JsonObject = { ...envelope.integrations, ...itemIntegrations };
  const extras: Array<[string, unknown]> = [];
  if (Object.keys(integrations).length > 0) extras.push([CONTEXT_INTEGRATIONS, integrations]);
  if (isPresent(raw._metadata)) extras.push([CONTEXT_METADATA, raw._metadata]);
  const unmapped = unmappedFields(raw, KNOWN_FIELDS.get(type) ?? new Set(COMMON_FIELDS));
  if (unmapped !== undefined) extras.push([CONTEXT_UNMAPPED, unmapped]);

  for (const [key] of extras) {
    if (Object.hasOwn(context, key)) {
      throw invalid(
        child(path, `context.${key}`),
        `context.${key} is reserved: the collector stores the event's ${key === CONTEXT_UNMAPPED ? 'unrecognised fields' : key} there`,
      );
    }
  }
  return { ...context, ...Object.fromEntries(extras) };
}
