import { registerEnumType } from '@nestjs/graphql';

/**
 * What a member may do in one project. A user may hold several roles in a project and different
 * roles in different projects; what each role may do is the authorization matrix
 * (authorization.matrix.ts).
 */
export enum ProjectRole {
  PM = 'PM',
  DESIGNER = 'DESIGNER',
  ENGINEER = 'ENGINEER',
  DATA_SCIENTIST = 'DATA_SCIENTIST',
  COMPLIANCE = 'COMPLIANCE',
  /** Project admin: members, write keys, settings of this project. */
  ADMIN = 'ADMIN',
}

registerEnumType(ProjectRole, { name: 'ProjectRole', description: 'A role of a member in one project.' });

export const PROJECT_ROLES: readonly ProjectRole[] = Object.values(ProjectRole);

export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === 'string' && (PROJECT_ROLES as readonly string[]).includes(value);
}
