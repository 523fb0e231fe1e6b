import { bearerToken } from './auth.guard';
import { GRAPHQL_ERROR_CODES } from '../graphql/graphql-error.map';
import { ERROR_CODES } from '@fulcrum/contracts';
import { hashToken, newApiToken } from './token-hash';

describe('bearer tokens', () => {
  it('reads only well-formed Bearer headers', () => {
    expect(bearerToken('Bearer ful_abc')).toBe('ful_abc');
    expect(bearerToken('bearer   ful_abc ')).toBe('ful_abc');
    expect(bearerToken('Basic Zm9vOg==')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('hashes tokens (SHA-256 hex) and makes unguessable new ones', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const a = newApiToken();
    expect(a).toMatch(/^ful_[A-Za-z0-9_-]{43}$/);
    expect(newApiToken()).not.toBe(a);
  });
});

describe('GraphQL error codes', () => {
  it('maps every domain code, client mistakes never to INTERNAL_SERVER_ERROR', () => {
    for (const code of ERROR_CODES) {
      expect(GRAPHQL_ERROR_CODES[code]).toBeDefined();
      if (!['INTERNAL'].includes(code)) expect(GRAPHQL_ERROR_CODES[code]).not.toBe('INTERNAL_SERVER_ERROR');
    }
    expect(GRAPHQL_ERROR_CODES.UNAUTHENTICATED).toBe('UNAUTHENTICATED');
    expect(GRAPHQL_ERROR_CODES.PROJECT_NOT_FOUND).toBe('NOT_FOUND');
  });
});
