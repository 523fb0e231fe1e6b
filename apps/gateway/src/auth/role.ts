import { registerEnumType } from '@nestjs/graphql';

/** Roles of the product brief; what each may do is declared per resolver with `@Roles`. */
export enum Role {
  PM = 'pm',
  DATA_SCIENTIST = 'data_scientist',
  ENGINEER = 'engineer',
  DESIGNER = 'designer',
  COMPLIANCE = 'compliance',
  ADMIN = 'admin',
}

registerEnumType(Role, { name: 'Role', description: 'What an API token may do.' });

export const ALL_ROLES: readonly Role[] = Object.values(Role);
