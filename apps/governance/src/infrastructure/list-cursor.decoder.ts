import { DomainError, decodeCursor } from '@fulcrum/contracts';

/**
 * Typed sort keys out of the opaque cursors of `@fulcrum/contracts` pagination. A cursor of
 * another list, a tampered one, or one whose key has the wrong types is VALIDATION_FAILED on
 * `after`, never a query with a junk bound.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A one-integer key (a version number, a trail seq). */
export function integerCursor(kind: string, after: string): number {
  const [value] = decodeCursor(kind, after, 1);
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badCursor();
  return value;
}

/** A (timestamp, uuid) key, e.g. (created, id): the timestamp in toISOString form. */
export function timeIdCursor(kind: string, after: string): { at: string; id: string } {
  const [at, id] = decodeCursor(kind, after, 2);
  if (typeof at !== 'string' || typeof id !== 'string' || !isIsoInstant(at) || !UUID.test(id)) throw badCursor();
  return { at, id };
}

function isIsoInstant(value: string): boolean {
  const time = Date.parse(value);
  return Number.isFinite(time) && new Date(time).toISOString() === value;
}

function badCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
}
