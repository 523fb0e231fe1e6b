import { AUTHORIZATION_MATRIX, type Access } from './authorization.matrix';
import type { Principal } from './principal';

/**
 * What the authorization matrix lets a principal call, for `me`: a client hides what the caller
 * cannot do. The same rules as the guard (auth.guard.ts `authorize`), evaluated for every row.
 */
export function allowedProjectOperations(principal: Principal, projectId: string, matrix: Readonly<Record<string, Access>> = AUTHORIZATION_MATRIX): string[] {
  const held = principal.rolesIn(projectId);
  return Object.keys(matrix)
    .filter((field) => {
      const access = matrix[field] as Access;
      if (access.scope !== 'project') return false;
      if (access.instanceAdmins && principal.instanceAdmin) return true;
      return access.roles.some((role) => held.has(role));
    })
    .sort();
}

/** The operations not scoped to a project that the principal may call (authenticated and, for instance admins, instance-admin rows). */
export function allowedGlobalOperations(principal: Principal, matrix: Readonly<Record<string, Access>> = AUTHORIZATION_MATRIX): string[] {
  return Object.keys(matrix)
    .filter((field) => {
      const access = matrix[field] as Access;
      return access.scope === 'authenticated' || (access.scope === 'instance-admin' && principal.instanceAdmin);
    })
    .sort();
}
