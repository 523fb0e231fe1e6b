/**
 * What the analytics store can keep, defined once. The collector applies it at the door (an event
 * that breaks it is refused with a coded 400 naming the field, so a 2xx always means storable) and
 * analytics applies it again before each write (an event that still breaks it, e.g. one published
 * by an older collector, is set aside alone in `rejected_events`, never with its neighbours).
 *
 * - Strings (values and object keys) are well-formed Unicode: no lone UTF-16 surrogate, which no
 *   UTF-8 store can hold (JSON's `"\ud800"` escape parses to one).
 * - Numbers are finite: JSON text such as `1e400` parses to Infinity, which JSON cannot write back
 *   (it would silently become `null`). `-0` is kept as `0` (JSON writes it so; documented).
 * - Nesting is at most `maxJsonDepth` levels (deeper values overflow recursive serialisers).
 * - Ids, event names and distinct ids carry no control characters (U+0000–U+001F, U+007F).
 * - Instants lie in the years 0001–9999 (UTC): what ISO-8601 text with a four-digit year can say.
 */
import type { CanonicalEvent } from './canonical-event';
import { MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH } from './canonical-event';

export const STORABLE_LIMITS = {
  /** Deepest nesting of a JSON value; a request body's root object counts as level 1. */
  maxJsonDepth: 64,
  /** 0001-01-01T00:00:00.000Z */
  minTimeMs: -62_135_596_800_000,
  /** 9999-12-31T23:59:59.999Z */
  maxTimeMs: 253_402_300_799_999,
} as const;

/** Where a value breaks the rule (`properties.k`, `events[3].properties["a b"]`) and how. */
export interface StorableViolation {
  field: string;
  reason: string;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** No lone surrogate (ES2024 `String.prototype.isWellFormed`, native in Node 20). */
export function isWellFormedText(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** U+0000–U+001F or U+007F anywhere in `text`. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export function isStorableInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= STORABLE_LIMITS.minTimeMs && ms <= STORABLE_LIMITS.maxTimeMs;
}

/** `path` + key in the notation of error details: `a.b`, or `a["odd key"]` when the key is not an identifier. */
export function keyPath(path: string, key: string): string {
  if (key.length <= 64 && PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return `${path}[${JSON.stringify(shown)}]`;
}

interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

function pathOf(frame: Frame, root: string): string {
  const keys: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
  let path = root;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    path = typeof k === 'number' ? `${path}[${k}]` : keyPath(path, k);
  }
  return path;
}

/**
 * The first part of a parsed JSON value that breaks the rule, or undefined. Iterative (no
 * recursion), so a value nested 100,000 levels deep is answered, not a stack overflow. `depth` is
 * the level of `value` itself (1 for a body's root).
 */
export function findUnstorableJson(value: unknown, path: string, depth = 1): StorableViolation | undefined {
  const max = STORABLE_LIMITS.maxJsonDepth;
  const stack: Frame[] = [{ value, depth }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const v = frame.value;
    if (typeof v === 'string') {
      if (!isWellFormedText(v)) return { field: pathOf(frame, path), reason: 'contains a lone UTF-16 surrogate (not valid Unicode)' };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { field: pathOf(frame, path), reason: 'is a number beyond the range of a 64-bit float (e.g. 1e400)' };
    } else if (typeof v === 'object' && v !== null) {
      if (frame.depth > max) return { field: pathOf(frame, path), reason: `is nested more than ${max} levels deep` };
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: frame.depth + 1, parent: frame, key: i });
      } else {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i];
          if (!isWellFormedText(key) || hasControlCharacter(key)) {
            return {
              field: keyPath(pathOf(frame, path), key),
              reason: 'has a property name with a lone UTF-16 surrogate or a control character (U+0000–U+001F, U+007F)',
            };
          }
          stack.push({ value: (v as Record<string, unknown>)[key], depth: frame.depth + 1, parent: frame, key });
        }
      }
    }
  }
  return undefined;
}

/** A name-like text (event id, event name, distinct id): well-formed, no control characters. */
export function findUnstorableName(text: string, field: string): StorableViolation | undefined {
  if (!isWellFormedText(text)) return { field, reason: 'contains a lone UTF-16 surrogate (not valid Unicode)' };
  if (hasControlCharacter(text)) return { field, reason: 'contains a control character (U+0000–U+001F, U+007F)' };
  return undefined;
}

function instantViolation(value: unknown, field: string): StorableViolation | undefined {
  if (typeof value !== 'string' || !CANONICAL_INSTANT.test(value)) {
    return { field, reason: 'must be an ISO-8601 UTC instant with milliseconds (YYYY-MM-DDTHH:MM:SS.sssZ)' };
  }
  // Read by hand, not with Date.parse (which rolls 2026-02-30 over into March and takes 24:00, both
  // of which the store refuses): this runs for three fields of every event, at the door and again
  // in analytics.
  const year = digits(value, 0, 4);
  if (year < 1) return { field, reason: 'is outside the years 0001-9999' };
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const calendar = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  if (!calendar || digits(value, 11, 2) > 23 || digits(value, 14, 2) > 59 || digits(value, 17, 2) > 59) {
    return { field, reason: 'is not a calendar date and time (e.g. February 30, hour 24)' };
  }
  return undefined;
}

/** The decimal number written by `length` ASCII digits of `text` from `start` (checked by the caller's pattern). */
function digits(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function nameViolation(value: unknown, field: string, maxLength: number, required: boolean): StorableViolation | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    return { field, reason: `must be a string of 1 to ${maxLength} characters` };
  }
  return findUnstorableName(value, field);
}

/**
 * The first field of a canonical event the store cannot keep as sent, or undefined. Checks the
 * fields' types too: analytics runs it on events that crossed a wire.
 */
export function findUnstorableEvent(event: CanonicalEvent): StorableViolation | undefined {
  const e = event as unknown as Record<string, unknown>;
  for (const key of ['properties', 'context']) {
    const value = e[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { field: key, reason: 'must be a JSON object' };
  }
  return (
    nameViolation(e.id, 'id', MAX_EVENT_ID_LENGTH, true) ??
    nameViolation(e.event, 'event', MAX_NAME_LENGTH, true) ??
    nameViolation(e.userId, 'userId', MAX_NAME_LENGTH, false) ??
    nameViolation(e.anonymousId, 'anonymousId', MAX_NAME_LENGTH, false) ??
    instantViolation(e.timestamp, 'timestamp') ??
    instantViolation(e.receivedAt, 'receivedAt') ??
    (e.sentAt === undefined ? undefined : instantViolation(e.sentAt, 'sentAt')) ??
    findUnstorableJson(e.properties, 'properties') ??
    findUnstorableJson(e.context, 'context')
  );
}
