import { DomainError } from '@fulcrum/contracts';
// fractional-indexing 2.x: rocicorp's library in its last CommonJS release. 3.x and 4.x are
// ESM-only (our build and ts-jest are CommonJS) and keep the same algorithm and default keys, so
// ranks stored now stay valid after a later move to the ESM release.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/**
 * Ranks order the items of one track. A rank is a fractional index: a new key strictly between
 * two neighbours always exists, so a move writes one row and nothing is ever renumbered.
 *
 * The key alphabet is ASCII (0-9, A-Z, a-z), so JavaScript's `<` (UTF-16 code units) and
 * PostgreSQL's `COLLATE "C"` (bytes) order keys the same way; the service must compare and index
 * ranks with `COLLATE "C"`, as a locale collation would order 'a' and 'B' differently.
 *
 * Keys are deterministic: two concurrent moves into the same gap compute the same key. The service
 * keeps ranks unique per track (a unique index) and retries the loser with fresh neighbours.
 */
export const RANK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A rank strictly between two neighbours; null means the start (before) or end (after) of the track. */
export function rankBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after) {
    throw new DomainError('VALIDATION_FAILED', `Rank "${before}" must sort before rank "${after}" to place an item between them.`, {
      before,
      after,
    });
  }
  return withRankErrors({ before, after }, () => generateKeyBetween(before, after));
}

/** The rank of the first item of an empty track. */
export function initialRank(): string {
  return generateKeyBetween(null, null);
}

/** `count` ascending ranks after `last` (or for an empty track), for appending items in bulk. */
export function ranksForAppend(last: string | null, count: number): string[] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new DomainError('VALIDATION_FAILED', `Cannot make ${count} ranks: the count is a whole number >= 0.`, { count });
  }
  return withRankErrors({ last, count }, () => generateNKeysBetween(last, null, count));
}

/** The library throws plain Errors for keys it did not make (say, a corrupted row); name the problem. */
function withRankErrors<T>(details: Record<string, unknown>, make: () => T): T {
  try {
    return make();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError('VALIDATION_FAILED', `Not a valid rank: ${reason}.`, { ...details, reason });
  }
}
