import { DomainError } from '@fulcrum/contracts';
import { narrowingFor } from './api-tokens.service';
import type { Credential, TokenNarrowing } from './principal';
import { buildPrincipal } from './principal.factory';
import { ProjectRole } from './project-role';

const { PM, DESIGNER, DATA_SCIENTIST, ADMIN } = ProjectRole;
const memberships = new Map([
  ['A', new Set([PM])],
  ['B', new Set([ADMIN])],
]);
const user = { id: 'u1', displayName: 'Dana', instanceAdmin: false };
const session = buildPrincipal(user, memberships, { kind: 'session', sessionId: 's' });
const viaToken = (narrowing: TokenNarrowing) => buildPrincipal(user, memberships, { kind: 'token', tokenId: 't', narrowing } as Credential);

function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('narrowing of a new API token (within the creator’s rights)', () => {
  it('lets a session create unnarrowed tokens and tokens for its projects', () => {
    expect(narrowingFor(session, null, null)).toEqual({ projectId: null, roles: null });
    expect(narrowingFor(session, 'A', null)).toEqual({ projectId: 'A', roles: null });
    expect(narrowingFor(session, 'A', [PM, PM])).toEqual({ projectId: 'A', roles: [PM] });
  });

  it('refuses roles the creator does not hold (a project ADMIN may pick any role)', () => {
    expect(outcome(() => narrowingFor(session, 'A', [DATA_SCIENTIST]))).toBe('FORBIDDEN');
    expect(narrowingFor(session, 'B', [DATA_SCIENTIST, DESIGNER])).toEqual({ projectId: 'B', roles: [DESIGNER, DATA_SCIENTIST] });
    expect(narrowingFor(session, null, [DESIGNER])).toEqual({ projectId: null, roles: [DESIGNER] });
  });

  it('lets an instance admin narrow an all-projects token to any role (they may grant themselves any)', () => {
    const pat = buildPrincipal(user, new Map([['A', new Set([PM])]]), { kind: 'session', sessionId: 's' });
    expect(outcome(() => narrowingFor(pat, null, [DATA_SCIENTIST]))).toBe('FORBIDDEN');
    const ada = buildPrincipal({ ...user, instanceAdmin: true }, new Map(), { kind: 'session', sessionId: 's' });
    expect(narrowingFor(ada, null, [DATA_SCIENTIST])).toEqual({ projectId: null, roles: [DATA_SCIENTIST] });
    expect(outcome(() => narrowingFor(ada, 'A', null))).toBe('PROJECT_NOT_FOUND');
  });

  it('answers a project the creator is not in as not found', () => {
    expect(outcome(() => narrowingFor(session, 'C', null))).toBe('PROJECT_NOT_FOUND');
  });

  it('refuses an empty role list', () => {
    expect(outcome(() => narrowingFor(session, 'A', []))).toBe('VALIDATION_FAILED');
  });

  it('keeps a token made through a narrowed token at most as wide', () => {
    const pmInA = viaToken({ projectId: 'A', roles: null });
    expect(outcome(() => narrowingFor(pmInA, null, null))).toBe('FORBIDDEN');
    expect(outcome(() => narrowingFor(pmInA, 'B', null))).toBe('PROJECT_NOT_FOUND');
    expect(narrowingFor(pmInA, 'A', null)).toEqual({ projectId: 'A', roles: [PM] });
    const designerEverywhere = viaToken({ projectId: null, roles: [DESIGNER] });
    expect(narrowingFor(designerEverywhere, 'B', null)).toEqual({ projectId: 'B', roles: [DESIGNER] });
    expect(outcome(() => narrowingFor(designerEverywhere, 'B', [ADMIN]))).toBe('FORBIDDEN');
  });
});
