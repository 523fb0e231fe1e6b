import type { Credential, Principal, TokenNarrowing } from './principal';
import { ProjectRole } from './project-role';

/** A user's memberships: project id → roles held there. */
export type Memberships = ReadonlyMap<string, ReadonlySet<ProjectRole>>;

export interface PrincipalUser {
  id: string;
  displayName: string;
  instanceAdmin: boolean;
}

const NO_ROLES: ReadonlySet<ProjectRole> = new Set();

/**
 * The roles a credential may use in one project, given the roles its user holds there.
 * - No narrowing: the held roles.
 * - Narrowed to roles: those of them the user holds; a project ADMIN may use any role (every row of
 *   the authorization matrix includes ADMIN, so any role's rights are a subset of ADMIN's, and an
 *   admin could grant the role to themselves anyway).
 * Outside the project a token is narrowed to, nothing. Not a member, nothing: narrowing never adds.
 */
export function effectiveRoles(held: ReadonlySet<ProjectRole>, projectId: string, narrowing?: TokenNarrowing): ReadonlySet<ProjectRole> {
  if (held.size === 0) return NO_ROLES;
  if (!narrowing) return held;
  if (narrowing.projectId !== null && narrowing.projectId !== projectId) return NO_ROLES;
  if (narrowing.roles === null) return held;
  const roles = held.has(ProjectRole.ADMIN) ? narrowing.roles : narrowing.roles.filter((role) => held.has(role));
  return roles.length === 0 ? NO_ROLES : new Set(roles);
}

/** Whether a narrowing restricts anything (a narrowed token is never an instance admin). */
export function isNarrowed(narrowing: TokenNarrowing | undefined): boolean {
  return narrowing !== undefined && (narrowing.projectId !== null || narrowing.roles !== null);
}

/**
 * The principal of a user acting through a credential. Its rights are computed once here, so the
 * guard's checks are Map lookups. Instance admin rights come only with sessions and unnarrowed
 * tokens: a token narrowed to a project or to roles is meant to do less than its user.
 */
export function buildPrincipal(user: PrincipalUser, memberships: Memberships, credential: Credential): Principal {
  const narrowing = credential.kind === 'token' ? credential.narrowing : undefined;
  const rights = new Map<string, ReadonlySet<ProjectRole>>();
  for (const [projectId, held] of memberships) {
    const roles = effectiveRoles(held, projectId, narrowing);
    if (roles.size > 0) rights.set(projectId, roles);
  }
  const projectIds: ReadonlySet<string> = new Set(rights.keys());
  return {
    userId: user.id,
    displayName: user.displayName,
    instanceAdmin: user.instanceAdmin && !isNarrowed(narrowing),
    credential,
    rolesIn: (projectId) => rights.get(projectId) ?? NO_ROLES,
    memberProjectIds: () => projectIds,
  };
}
