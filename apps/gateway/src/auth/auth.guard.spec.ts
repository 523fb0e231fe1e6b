import { authorize, bearerToken } from './auth.guard';
import { buildPrincipal } from './principal.factory';
import { ProjectRole } from './project-role';
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

describe('member management by instance admins (recovery)', () => {
  const row = { scope: 'project', roles: [ProjectRole.ADMIN], instanceAdmins: true } as const;
  const who = (instanceAdmin: boolean, roles: ProjectRole[]) =>
    buildPrincipal({ id: 'u1', displayName: 'Ada', instanceAdmin }, new Map([['A', new Set(roles)]]), { kind: 'session', sessionId: 's' });
  const outcome = (principal: ReturnType<typeof who>, projectId: string) => {
    try {
      authorize(row, principal, { projectId }, 'Mutation.setProjectMemberRoles');
      return 'allowed';
    } catch (error) {
      return (error as { code: string }).code;
    }
  };

  it('lets instance admins manage the members of any project, member or not', () => {
    expect(outcome(who(true, []), 'B')).toBe('allowed');
    expect(outcome(who(true, [ProjectRole.PM]), 'A')).toBe('allowed');
  });

  it('keeps everyone else to the row: project ADMINs only', () => {
    expect(outcome(who(false, [ProjectRole.ADMIN]), 'A')).toBe('allowed');
    expect(outcome(who(false, [ProjectRole.PM]), 'A')).toBe('FORBIDDEN');
    expect(outcome(who(false, [ProjectRole.ADMIN]), 'B')).toBe('PROJECT_NOT_FOUND');
  });

  it('does not let a narrowed token of an instance admin use it', () => {
    const narrowed = buildPrincipal({ id: 'u1', displayName: 'Ada', instanceAdmin: true }, new Map(), {
      kind: 'token',
      tokenId: 't',
      narrowing: { projectId: null, roles: [ProjectRole.PM] },
    });
    expect(outcome(narrowed, 'B')).toBe('PROJECT_NOT_FOUND');
  });
});
