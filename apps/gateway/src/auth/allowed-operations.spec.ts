import { allowedGlobalOperations, allowedProjectOperations } from './allowed-operations';
import type { Access } from './authorization.matrix';
import { buildPrincipal } from './principal.factory';
import { ProjectRole } from './project-role';

const { PM, DATA_SCIENTIST, ADMIN } = ProjectRole;
const MATRIX: Record<string, Access> = {
  'Mutation.login': { scope: 'public' },
  'Query.me': { scope: 'authenticated' },
  'Query.users': { scope: 'instance-admin' },
  'Query.trend': { scope: 'project', roles: [PM, DATA_SCIENTIST, ADMIN] },
  'Query.sql': { scope: 'project', roles: [DATA_SCIENTIST, ADMIN] },
  'Query.projectMembers': { scope: 'project', roles: [ADMIN], instanceAdmins: true },
};

describe('allowed operations (for `me`)', () => {
  const memberships = new Map([['A', new Set([PM])]]);

  it('lists the project rows whose roles the caller holds there', () => {
    const pat = buildPrincipal({ id: 'u', displayName: 'Pat', instanceAdmin: false }, memberships, { kind: 'session', sessionId: 's' });
    expect(allowedProjectOperations(pat, 'A', MATRIX)).toEqual(['Query.trend']);
    expect(allowedProjectOperations(pat, 'B', MATRIX)).toEqual([]);
    expect(allowedGlobalOperations(pat, MATRIX)).toEqual(['Query.me']);
  });

  it('adds member management and instance-admin rows for instance admins', () => {
    const admin = buildPrincipal({ id: 'u', displayName: 'Ada', instanceAdmin: true }, memberships, { kind: 'session', sessionId: 's' });
    expect(allowedProjectOperations(admin, 'A', MATRIX)).toEqual(['Query.projectMembers', 'Query.trend']);
    expect(allowedGlobalOperations(admin, MATRIX)).toEqual(['Query.me', 'Query.users']);
  });

  it('follows the narrowing of the token used', () => {
    const narrowed = buildPrincipal({ id: 'u', displayName: 'Ada', instanceAdmin: true }, new Map([['A', new Set([ADMIN])]]), {
      kind: 'token',
      tokenId: 't',
      narrowing: { projectId: 'A', roles: [DATA_SCIENTIST] },
    });
    expect(allowedProjectOperations(narrowed, 'A', MATRIX)).toEqual(['Query.sql', 'Query.trend']);
    expect(allowedGlobalOperations(narrowed, MATRIX)).toEqual(['Query.me']);
  });
});
