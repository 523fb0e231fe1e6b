import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'ful_';
/** Characters of a token shown in lists so an owner recognises it (`ful_` + 8): 48 of its 256 bits. */
const VISIBLE_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;

/**
 * SHA-256 (hex) of a token or session id. These are 256 random bits, not passwords: a fast hash is
 * right (nothing to brute-force), and keeps the per-request cost at microseconds.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The visible prefix stored beside the hash (`ful_` and the next 8 characters). */
export function tokenPrefix(token: string): string {
  return token.slice(0, VISIBLE_PREFIX_LENGTH);
}

/** 32 random bytes, base64url: session ids and anti-CSRF tokens. */
export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}
