import { buildPrincipal, effectiveRoles } from './principal.factory';
import type { TokenNarrowing } from './principal';
import { ProjectRole } from './project-role';

const { PM, DESIGNER, DATA_SCIENTIST, ADMIN } = ProjectRole;
const sorted = (roles: ReadonlySet<ProjectRole>) => [...roles].sort();

describe('token narrowing', () => {
  const memberships = new Map([
    ['A', new Set([PM, DATA_SCIENTIST])],
    ['B', new Set([ADMIN])],
  ]);
  const dana = { id: 'u1', displayName: 'Dana', instanceAdmin: true };
  const token = (narrowing?: TokenNarrowing) => buildPrincipal(dana, memberships, { kind: 'token', tokenId: 't1', narrowing });

  it('without narrowing, acts with every role of its user, instance admin included', () => {
    const p = token();
    expect(sorted(p.rolesIn('A'))).toEqual([DATA_SCIENTIST, PM]);
    expect(sorted(p.rolesIn('B'))).toEqual([ADMIN]);
    expect(p.instanceAdmin).toBe(true);
    expect([...p.memberProjectIds()].sort()).toEqual(['A', 'B']);
    expect(token({ projectId: null, roles: null }).instanceAdmin).toBe(true);
  });

  it('narrowed to a project, acts only there, and is no instance admin', () => {
    const p = token({ projectId: 'A', roles: null });
    expect(sorted(p.rolesIn('A'))).toEqual([DATA_SCIENTIST, PM]);
    expect(p.rolesIn('B').size).toBe(0);
    expect([...p.memberProjectIds()]).toEqual(['A']);
    expect(p.instanceAdmin).toBe(false);
  });

  it('narrowed to roles, keeps only those its user holds (a project ADMIN may use any role)', () => {
    const p = token({ projectId: null, roles: [PM, DESIGNER] });
    expect(sorted(p.rolesIn('A'))).toEqual([PM]);
    expect(sorted(p.rolesIn('B'))).toEqual([DESIGNER, PM]);
    expect(p.instanceAdmin).toBe(false);
  });

  it('never adds: a lost membership narrows the token at its next use', () => {
    expect(token({ projectId: 'C', roles: null }).memberProjectIds().size).toBe(0);
    expect(effectiveRoles(new Set(), 'A', { projectId: 'A', roles: [ADMIN] }).size).toBe(0);
    expect(effectiveRoles(new Set([PM]), 'A', { projectId: 'A', roles: [DESIGNER] }).size).toBe(0);
    const withoutB = buildPrincipal(dana, new Map([['A', new Set([PM])]]), { kind: 'token', tokenId: 't1', narrowing: { projectId: 'B', roles: null } });
    expect(withoutB.rolesIn('B').size).toBe(0);
  });

  it('gives sessions the user rights, unnarrowed', () => {
    const p = buildPrincipal({ ...dana, instanceAdmin: false }, memberships, { kind: 'session', sessionId: 's1' });
    expect(sorted(p.rolesIn('B'))).toEqual([ADMIN]);
    expect(p.instanceAdmin).toBe(false);
  });
});
