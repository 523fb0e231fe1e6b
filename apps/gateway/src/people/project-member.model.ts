import { Field, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/relay-connection.model';
import { ProjectRole } from '../auth/project-role';
import type { ProjectMemberRow } from './project-memberships.repository';
import { User, toUser } from './user.model';

@ObjectType({ description: "A member of a project and their roles there." })
export class ProjectMember {
  @Field(() => User)
  user: User;

  @Field(() => [ProjectRole], { description: 'Empty after the user was removed from the project.' })
  roles: ProjectRole[];
}

export const ProjectMemberConnection = Connection(ProjectMember);

export function toProjectMember(row: ProjectMemberRow): ProjectMember {
  return { user: toUser(row.user), roles: row.roles };
}
