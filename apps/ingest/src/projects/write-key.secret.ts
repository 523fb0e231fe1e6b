import { createHash, randomBytes } from 'node:crypto';

/** Every key we issue: `wk_` and 32 base64url characters (192 random bits). */
const ISSUED_PREFIX = 'wk_';

/** Characters of the key after `wk_` that stay visible (48 of the 192 bits; the other 144 stay secret). */
export const VISIBLE_KEY_CHARACTERS = 8;

export interface IssuedWriteKey {
  /** The key itself: given to the caller once, never stored. */
  key: string;
  hash: string;
  prefix: string;
}

export function issueWriteKey(): IssuedWriteKey {
  const key = `${ISSUED_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashWriteKey(key), prefix: writeKeyPrefix(key) };
}

/**
 * What the database keeps of a key: SHA-256 of its UTF-8 bytes, lowercase hex. The migration that
 * hashed the keys stored before it computes the same in SQL (`encode(sha256(convert_to(key,
 * 'UTF8')), 'hex')`). A plain hash is enough (no salt, no slow KDF): keys are 192 random bits, not
 * passwords, and the lookup must stay one indexed equality.
 */
export function hashWriteKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `wk_` and the next 8 characters; for a key of another shape (none is issued), its first 8 characters. */
export function writeKeyPrefix(key: string): string {
  return key.startsWith(ISSUED_PREFIX) ? key.slice(0, ISSUED_PREFIX.length + VISIBLE_KEY_CHARACTERS) : key.slice(0, VISIBLE_KEY_CHARACTERS);
}
