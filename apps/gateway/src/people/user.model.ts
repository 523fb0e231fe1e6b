import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/relay-connection.model';
import type { UserRow } from './users.repository';

@ObjectType({ description: 'A person who signs in to Fulcrum (browser session) or acts through their API tokens.' })
export class User {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Unique, compared case-insensitively; the login name.' })
  email: string;

  @Field()
  displayName: string;

  @Field({ description: 'When the user was created (UTC).' })
  created: Date;

  @Field({ description: 'A disabled user cannot log in, and their sessions and tokens stop working.' })
  disabled: boolean;

  @Field({ description: 'Instance admins manage users and create projects.' })
  instanceAdmin: boolean;
}

export const UserConnection = Connection(User);

@ObjectType({ description: 'A new user; a generated password is shown only here, once.' })
export class CreatedUser {
  @Field(() => User)
  user: User;

  @Field(() => String, { nullable: true, description: 'The generated password when none was given (null otherwise). Shown once.' })
  generatedPassword: string | null;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    created: row.createdAt,
    disabled: row.disabledAt !== null,
    instanceAdmin: row.instanceAdmin,
  };
}
