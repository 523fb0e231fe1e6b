import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { User } from '../people/user.model';
import { ProjectRole } from './project-role';

export enum CredentialKind {
  SESSION = 'SESSION',
  API_TOKEN = 'API_TOKEN',
}

registerEnumType(CredentialKind, { name: 'CredentialKind', description: 'How the caller signed in.' });

@ObjectType({ description: "The caller's rights in one project (after any narrowing of the token used)." })
export class MyMembership {
  @Field(() => ID)
  projectId: string;

  @Field(() => [ProjectRole])
  roles: ProjectRole[];

  @Field(() => [String], {
    description: 'The project-scoped operations the caller may call in this project, as `Query.<field>` / `Mutation.<field>` (the rows of the authorization matrix).',
  })
  allowedOperations: string[];
}

@ObjectType({ description: 'The caller: who they are, how they signed in, and what they may do, so a client can hide the rest.' })
export class Me {
  @Field(() => User)
  user: User;

  @Field(() => CredentialKind)
  credential: CredentialKind;

  @Field(() => ID, { nullable: true, description: 'The API token used (null for a session).' })
  tokenId: string | null;

  @Field({ description: 'Whether the caller acts as instance admin now (a narrowed token never does).' })
  instanceAdmin: boolean;

  @Field(() => [MyMembership], { description: 'Every project where the caller holds a role, by project id.' })
  memberships: MyMembership[];

  @Field(() => [String], { description: 'Operations the caller may call that are not scoped to a project (e.g. `Query.me`, `Mutation.createUser`).' })
  allowedOperations: string[];
}
