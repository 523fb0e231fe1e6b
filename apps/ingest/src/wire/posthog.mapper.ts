/**
 * PostHog front door (`/batch`, `/capture`, `/e`, `/i/v0/e`, `/track`). Accepted bodies:
 * `{ api_key, batch: [...], sent_at? }` (posthog-node and the server SDKs), an array of events (posthog-js),
 * a single event, and `{ data: ... }` whose data is any of those (as JSON, a JSON string or base64 JSON).
 *
 * Mapping (see docs/ingest.md): `distinct_id` (or `$distinct_id`, or `properties.distinct_id`) → `userId`;
 * `uuid` → `id`; `$identify` → identify (anonymousId = `properties.$anon_distinct_id`), `$create_alias` →
 * alias, `$groupidentify` → group, every other event (`$pageview`, `$screen` included) → track under its own
 * name. Properties are kept as sent; top-level `$set`/`$set_once` are merged into `properties.$set`/
 * `properties.$set_once` (the top-level value wins, as in PostHog). `$lib`/`$lib_version` are also copied
 * to `context.library`; unrecognised event fields are kept in `context.unmapped`; the credentials
 * `api_key`/`token`/`$token` are dropped.
 *
 * Time (PostHog semantics): `timestamp` + `sent_at` → `timestamp − (sent_at − receivedAt)` unless
 * `properties.$ignore_sent_at` is true; else `offset` (ms) → `receivedAt − offset`; else `timestamp` as given;
 * else `receivedAt`.
 */
import { DomainError } from '@fulcrum/contracts';
import type { CanonicalEvent, EventType, JsonObject } from '@fulcrum/contracts';
import { decodeDataField } from './body-decoder';
import type { WireContext } from './wire-context';
import {
  assertEventSize,
  child,
  identityValue,
  indexed,
  invalid,
  isJsonObject,
  isPresent,
  optionalEventId,
  optionalObject,
  optionalText,
  optionalTimestamp,
  requireObject,
  skewCorrected,
  toIsoTimestamp,
  unmappedFields,
} from './wire-fields';

export interface PosthogRequestOptions {
  /**
   * The client's send time from the query string (`?_=<epoch ms>`, what posthog-js sends instead of a
   * body `sent_at`). A body `sent_at` wins over it.
   */
  sentAt?: Date;
}

const TYPE_BY_EVENT: ReadonlyMap<string, EventType> = new Map<string, EventType>([
  ['$identify', 'identify'],
  ['$create_alias', 'alias'],
  ['$groupidentify', 'group'],
]);

const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'event',
  'distinct_id',
  '$distinct_id',
  'properties',
  'timestamp',
  'offset',
  'uuid',
  '$set',
  '$set_once',
  // credentials, dropped
  'api_key',
  'token',
  '$token',
]);

/** A body that is one event carries the request-level `sent_at` next to the event fields. */
const SINGLE_EVENT_FIELDS: ReadonlySet<string> = new Set([...KNOWN_FIELDS, 'sent_at']);

interface Unwrapped {
  items: unknown[];
  /** Path of the array holding the items (`batch`, `data.batch`, `` for a top-level array), or undefined for one event. */
  arrayPath?: string;
  /** Path of the single event when `arrayPath` is undefined (its `sent_at` is then the request's). */
  eventPath: string;
  sentAt?: Date;
}

export function mapPosthogBody(body: unknown, ctx: WireContext, options: PosthogRequestOptions = {}): CanonicalEvent[] {
  const unwrapped = unwrap(body, '', true);
  const sentAt = unwrapped.sentAt ?? options.sentAt;
  return unwrapped.items.map((item, index) => {
    const path = unwrapped.arrayPath === undefined ? unwrapped.eventPath : indexed(unwrapped.arrayPath, index);
    const consumed = unwrapped.arrayPath === undefined ? SINGLE_EVENT_FIELDS : KNOWN_FIELDS;
    return mapPosthogEvent(requireObject(item, path, 'an event object'), path, sentAt, consumed, ctx);
  });
}

function unwrap(body: unknown, path: string, allowData: boolean): Unwrapped {
  if (Array.isArray(body)) return { items: body, arrayPath: path, eventPath: path };
  if (!isJsonObject(body)) {
    throw invalid(path, 'must be a PostHog batch ({ "batch": [...] }), an array of events or one event');
  }
  if (isPresent(body.batch)) {
    if (!Array.isArray(body.batch)) throw invalid(child(path, 'batch'), 'must be an array of events');
    return { items: body.batch, arrayPath: child(path, 'batch'), eventPath: path, sentAt: readSentAt(body, path) };
  }
  if (isPresent(body.data) && !isPresent(body.event)) {
    const dataPath = child(path, 'data');
    if (!allowData) throw invalid(dataPath, 'a "data" wrapper inside a "data" wrapper is not accepted');
    const inner = typeof body.data === 'string' ? decodeData(body.data, dataPath) : body.data;
    const unwrapped = unwrap(inner, dataPath, false);
    return { ...unwrapped, sentAt: unwrapped.sentAt ?? readSentAt(body, path) };
  }
  return { items: [body], eventPath: path, sentAt: readSentAt(body, path) };
}

function decodeData(data: string, path: string): unknown {
  try {
    return decodeDataField(data);
  } catch (error: unknown) {
    if (error instanceof DomainError) throw invalid(path, error.message);
    throw error;
  }
}

function readSentAt(body: JsonObject, path: string): Date | undefined {
  return optionalTimestamp(body, 'sent_at', path);
}

function mapPosthogEvent(
  raw: JsonObject,
  path: string,
  sentAt: Date | undefined,
  consumed: ReadonlySet<string>,
  ctx: WireContext,
): CanonicalEvent {
  assertEventSize(raw, path);
  const event = optionalText(raw, 'event', path);
  if (event === undefined) throw invalid(child(path, 'event'), 'an event needs a non-empty event name');
  const type: EventType = TYPE_BY_EVENT.get(event) ?? 'track';

  const sentProperties = optionalObject(raw, 'properties', path) ?? {};
  const userId = readDistinctId(raw, sentProperties, path);
  const anonymousId = type === 'identify' ? readAnonDistinctId(sentProperties, path) : undefined;
  if (type === 'alias') requireAlias(sentProperties, path);
  const properties = mergePersonUpdates(raw, sentProperties, path);

  return {
    id: readUuid(raw, path) ?? ctx.newId(),
    projectId: ctx.projectId,
    type,
    event,
    userId,
    ...(anonymousId !== undefined && { anonymousId }),
    timestamp: eventTime(raw, sentProperties, path, sentAt, ctx.receivedAt),
    receivedAt: ctx.receivedAt.toISOString(),
    ...(sentAt !== undefined && { sentAt: sentAt.toISOString() }),
    properties,
    context: buildContext(raw, sentProperties, consumed),
  };
}

/** `distinct_id` (or its alias `$distinct_id`) at the top level, else `properties.distinct_id`. */
function readDistinctId(raw: JsonObject, properties: JsonObject, path: string): string {
  for (const key of ['distinct_id', '$distinct_id']) {
    if (isPresent(raw[key])) return identityValue(raw[key], child(path, key), true);
  }
  if (isPresent(properties.distinct_id)) {
    return identityValue(properties.distinct_id, child(path, 'properties.distinct_id'), true);
  }
  throw invalid(child(path, 'distinct_id'), 'an event needs a distinct_id');
}

function readAnonDistinctId(properties: JsonObject, path: string): string | undefined {
  const value = properties.$anon_distinct_id;
  return isPresent(value) ? identityValue(value, child(path, 'properties.$anon_distinct_id'), true) : undefined;
}

function requireAlias(properties: JsonObject, path: string): void {
  const field = child(path, 'properties.alias');
  if (!isPresent(properties.alias)) throw invalid(field, 'a $create_alias event needs properties.alias');
  identityValue(properties.alias, field, true);
}

/** PostHog's empty-string uuid means "none" (capture treats it so); anything else must be a valid id. */
function readUuid(raw: JsonObject, path: string): string | undefined {
  if (raw.uuid === '') return undefined;
  return optionalEventId(raw, 'uuid', path);
}

function mergePersonUpdates(raw: JsonObject, properties: JsonObject, path: string): JsonObject {
  let merged = properties;
  for (const key of ['$set', '$set_once']) {
    const topLevel = optionalObject(raw, key, path);
    if (topLevel === undefined) continue;
    const inProperties = isPresent(properties[key]) ? requireObject(properties[key], child(path, `properties.${key}`)) : {};
    merged = { ...merged, [key]: { ...inProperties, ...topLevel } };
  }
  return merged;
}

function eventTime(
  raw: JsonObject,
  properties: JsonObject,
  path: string,
  sentAt: Date | undefined,
  receivedAt: Date,
): string {
  const timestamp = optionalTimestamp(raw, 'timestamp', path);
  const offset = raw.offset;
  if (isPresent(offset) && !(typeof offset === 'number' && Number.isSafeInteger(offset))) {
    throw invalid(child(path, 'offset'), 'must be an integer number of milliseconds');
  }
  const ignoreSentAt = properties.$ignore_sent_at === true;
  let time: number;
  if (timestamp !== undefined && sentAt !== undefined && !ignoreSentAt) {
    time = skewCorrected(timestamp, sentAt, receivedAt);
  } else if (typeof offset === 'number') {
    time = receivedAt.getTime() - offset;
  } else {
    time = (timestamp ?? receivedAt).getTime();
  }
  return toIsoTimestamp(time, child(path, timestamp !== undefined ? 'timestamp' : 'offset'));
}

/**
 * `context.library` from `$lib`/`$lib_version`, else from the top-level `library`/`library_version` some
 * server SDKs send (those two are then consumed; otherwise they land in `context.unmapped` like any other
 * unrecognised field).
 */
function buildContext(raw: JsonObject, properties: JsonObject, known: ReadonlySet<string>): JsonObject {
  const context: JsonObject = {};
  const fromProperties = typeof properties.$lib === 'string' && properties.$lib !== '';
  const name = fromProperties ? properties.$lib : raw.library;
  const version = fromProperties ? properties.$lib_version : raw.library_version;
  const consumed = new Set(known);
  if (typeof name === 'string' && name !== '') {
    context.library = typeof version === 'string' && version !== '' ? { name, version } : { name };
    if (!fromProperties) {
      consumed.add('library');
      if (typeof version === 'string' && version !== '') consumed.add('library_version');
    }
  }
  const unmapped = unmappedFields(raw, consumed);
  if (unmapped !== undefined) context.unmapped = unmapped;
  return context;
}
