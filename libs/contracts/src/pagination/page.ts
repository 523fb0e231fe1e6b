import { type Static, type TObject, Type } from '@sinclair/typebox';
import { DomainError } from '../errors/domain.error';

/**
 * Cursor pagination, one style for every list that can grow (Relay connections at the gateway).
 * A service answers `first` items after the opaque cursor `after`, in a stable order it documents,
 * each with its own cursor. Cursors are base64url JSON of the sort key: opaque to clients, checked
 * on the way back in (a cursor from another list or a tampered one is VALIDATION_FAILED).
 */
/** The page fields of a list request (`pageRequestProperties`). */
export type PageRequest = Static<TObject<ReturnType<typeof pageRequestProperties>>>;

export interface PageEdge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Array<PageEdge<T>>;
  /** Items of the whole list (not only this page). */
  totalCount: number;
  hasNextPage: boolean;
}

/** Longest cursor accepted: far above any sort key we encode, small enough to refuse junk early. */
export const MAX_CURSOR_LENGTH = 512;

/** The properties of a page request; spread into a request schema's properties. */
export function pageRequestProperties(maxFirst: number) {
  return {
    /** Page size (each list documents its default and maximum). */
    first: Type.Optional(Type.Integer({ minimum: 1, maximum: maxFirst })),
    /** The cursor of the last item of the previous page. */
    after: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_CURSOR_LENGTH })),
  };
}

/** A cursor for one list (`kind` keeps cursors of different lists apart) at one sort key. */
export function encodeCursor(kind: string, key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify([kind, ...key]), 'utf8').toString('base64url');
}

/**
 * The sort key of a cursor made by `encodeCursor(kind, …)` with `arity` parts; VALIDATION_FAILED
 * (field `after`) for anything else.
 */
export function decodeCursor(kind: string, cursor: string, arity: number): Array<string | number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity + 1 ||
    parsed[0] !== kind ||
    !parsed.slice(1).every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)))
  ) {
    throw new DomainError('VALIDATION_FAILED', 'after is not a cursor of this list', { field: 'after' });
  }
  return parsed.slice(1) as Array<string | number>;
}

/**
 * A page from `first + 1` rows fetched after the cursor (the extra row only tells whether there is
 * a next page).
 */
export function pageOf<T>(rows: readonly T[], first: number, totalCount: number, cursorOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, first);
  return { edges: items.map((node) => ({ cursor: cursorOf(node), node })), totalCount, hasNextPage: rows.length > first };
}
