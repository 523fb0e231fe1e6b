import { Module } from '@nestjs/common';
import { MembershipBackfill } from './membership.backfill';
import { ProjectMembersResolver } from './project-members.resolver';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

export const PEOPLE_RESOLVERS = [UsersResolver, ProjectMembersResolver];

/**
 * Users and project memberships over GraphQL. The repositories are provided by AuthModule (global),
 * which resolves credentials against the same tables. Who may call what: auth/authorization.matrix.ts.
 */
@Module({ providers: [...PEOPLE_RESOLVERS, UsersService, MembershipBackfill] })
export class PeopleModule {}
