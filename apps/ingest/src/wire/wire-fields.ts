/**
 * Shared field readers for the wire mappers. Every reader either returns a value of the right type or
 * throws `DomainError('VALIDATION_FAILED', ..., { field })` naming the exact path of the offending field
 * (`batch[3].timestamp`). Nothing is coerced, with one documented exception: identity ids (`userId`,
 * `anonymousId`, `groupId`, `previousId`, PostHog `distinct_id`) may be JSON integers and are turned into
 * strings, because official SDKs send them that way (analytics-ruby passes `user_id: 42` through;
 * PostHog's own capture stringifies numeric `distinct_id`s).
 *
 * `null` counts as "absent" for every optional field: analytics.js sends `"userId": null` for anonymous
 * visitors and analytics-ruby serialises unset fields as `null`.
 */
import { DomainError, INGEST_LIMITS, MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH, findUnstorableName, isStorableInstant } from '@fulcrum/contracts';
import type { JsonObject } from '@fulcrum/contracts';

/** How the root of the body is named in `details.field` (e.g. when a single-event body is too large). */
export const ROOT_FIELD = '$';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Present means neither `undefined` nor `null`. */
export function isPresent<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/** `child('batch[3]', 'timestamp')` → `batch[3].timestamp`; `child('', 'timestamp')` → `timestamp`. */
export function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** `indexed('batch', 3)` → `batch[3]`; `indexed('', 3)` → `[3]`. */
export function indexed(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function fieldLabel(path: string): string {
  return path === '' ? ROOT_FIELD : path;
}

export function invalid(path: string, message: string, details: Record<string, unknown> = {}): DomainError {
  const field = fieldLabel(path);
  return new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { field, ...details });
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** Throws EVENT_TOO_LARGE when the incoming item, serialised as JSON, exceeds `maxEventBytes`. */
export function assertEventSize(item: unknown, path: string, limitBytes: number = INGEST_LIMITS.maxEventBytes): void {
  const sizeBytes = Buffer.byteLength(JSON.stringify(item) ?? '', 'utf8');
  if (sizeBytes > limitBytes) {
    const field = fieldLabel(path);
    throw new DomainError(
      'EVENT_TOO_LARGE',
      `${field}: event is ${sizeBytes} bytes as JSON, the limit is ${limitBytes} bytes`,
      { field, limitBytes, sizeBytes },
    );
  }
}

export function requireObject(value: unknown, path: string, what = 'an object'): JsonObject {
  if (!isJsonObject(value)) throw invalid(path, `must be ${what}, got ${describeValue(value)}`);
  return value;
}

/** An optional object field: absent/null → undefined, object → it, anything else → error. */
export function optionalObject(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  return requireObject(value, child(path, key));
}

function checkText(value: string, path: string, maxLength: number): string {
  if (value.trim() === '') throw invalid(path, 'must not be empty');
  if (value.length > maxLength) throw invalid(path, `must be at most ${maxLength} characters, got ${value.length}`);
  const unstorable = findUnstorableName(value, fieldLabel(path));
  if (unstorable) throw invalid(path, unstorable.reason);
  return value;
}

/** An optional non-empty string of bounded length. */
export function optionalText(obj: JsonObject, key: string, path: string, maxLength = MAX_NAME_LENGTH): string | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  const field = child(path, key);
  if (typeof value !== 'string') throw invalid(field, `must be a string, got ${describeValue(value)}`);
  return checkText(value, field, maxLength);
}

export function requireText(obj: JsonObject, key: string, path: string, maxLength = MAX_NAME_LENGTH): string {
  const value = optionalText(obj, key, path, maxLength);
  if (value === undefined) throw invalid(child(path, key), 'is required');
  return value;
}

/** An optional event id (native `id`, Segment `messageId`, PostHog `uuid`): a non-empty string ≤ MAX_EVENT_ID_LENGTH. */
export function optionalEventId(obj: JsonObject, key: string, path: string): string | undefined {
  return optionalText(obj, key, path, MAX_EVENT_ID_LENGTH);
}

/**
 * Reads an identity id value. With `allowInteger`, a JSON integer is accepted and converted with `String()`:
 * the one deliberate conversion (see the file comment). Non-integers and integers beyond 2^53 are refused,
 * since JSON.parse has already rounded them and the id would silently change.
 */
export function identityValue(value: unknown, path: string, allowInteger: boolean): string {
  if (typeof value === 'string') return checkText(value, path, MAX_NAME_LENGTH);
  if (allowInteger && typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw invalid(path, 'a numeric id must be an integer between -(2^53-1) and 2^53-1; send larger ids as strings');
    }
    return String(value);
  }
  throw invalid(path, `must be a string${allowInteger ? ' or an integer' : ''}, got ${describeValue(value)}`);
}

export function optionalIdentity(obj: JsonObject, key: string, path: string, allowInteger: boolean): string | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  return identityValue(value, child(path, key), allowInteger);
}

// ISO-8601 calendar date, optionally with a time, optional fraction and optional zone designator.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * Parses an ISO-8601 / RFC 3339 timestamp (`2024-03-01T10:00:00.123Z`, `...+02:00`, `2024-03-01`).
 * Fractions beyond milliseconds are truncated (posthog-node sends microseconds); a date-time without a zone
 * designator is read as UTC, never as the server's local time. Returns undefined when unparseable.
 */
export function parseIsoTimestamp(text: string): Date | undefined {
  const m = ISO_8601.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', , sign, oh = '0', om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  // Feb 30 and friends roll over into the next month: refuse them.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(date.getTime() - offsetMs);
}

/** An optional timestamp field; must be an ISO-8601 string. */
export function optionalTimestamp(obj: JsonObject, key: string, path: string): Date | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  const field = child(path, key);
  if (typeof value !== 'string') {
    throw invalid(field, `must be an ISO-8601 date-time string, got ${describeValue(value)}`);
  }
  const date = parseIsoTimestamp(value);
  if (date === undefined) throw invalid(field, `is not an ISO-8601 date-time: ${JSON.stringify(value.slice(0, 64))}`);
  if (!isStorableInstant(date.getTime())) throw invalid(field, `is outside the years 0001-9999 (UTC): ${JSON.stringify(value.slice(0, 64))}`);
  return date;
}

/**
 * Formats a computed instant; refuses results outside the years 0001–9999 (e.g. after an absurd
 * skew correction or PostHog `offset`), which the store cannot hold and `Date` may not even represent.
 */
export function toIsoTimestamp(time: number, path: string): string {
  if (!isStorableInstant(time)) throw invalid(path, 'the resulting timestamp is outside the years 0001-9999 (UTC)');
  return new Date(time).toISOString();
}

/** `receivedAt − (sentAt − clientTime)`: the client's time corrected by the client clock's offset at send time. */
export function skewCorrected(clientTime: Date, sentAt: Date, receivedAt: Date): number {
  return receivedAt.getTime() - (sentAt.getTime() - clientTime.getTime());
}

/** Copies the fields of `obj` not in `known`, skipping nulls; undefined when there are none. */
export function unmappedFields(obj: JsonObject, known: ReadonlySet<string>): JsonObject | undefined {
  const entries = Object.entries(obj).filter(([key, value]) => !known.has(key) && isPresent(value));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
