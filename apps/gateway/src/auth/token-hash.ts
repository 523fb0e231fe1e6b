import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'ful_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}
