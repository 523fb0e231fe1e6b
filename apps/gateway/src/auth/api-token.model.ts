import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/relay-connection.model';
import type { ApiTokenRow } from './api-tokens.repository';
import { ProjectRole } from './project-role';

@ObjectType({ description: "An API token of a user. It acts with at most its user's rights, re-evaluated on every use." })
export class ApiToken {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The first characters of the token (`ful_` and 8 more), to recognise it; the rest is never shown again.' })
  prefix: string;

  @Field(() => ID, { description: 'The user the token belongs to.' })
  userId: string;

  @Field(() => ID, { nullable: true, description: "The one project the token is narrowed to (null: every project of its user)." })
  projectId: string | null;

  @Field(() => [ProjectRole], { nullable: true, description: "The roles the token is narrowed to (null: its user's roles)." })
  roles: ProjectRole[] | null;

  @Field()
  created: Date;

  @Field(() => Date, { nullable: true, description: 'Last use, to within a minute (null: never used).' })
  lastUsed: Date | null;

  @Field(() => Date, { nullable: true, description: 'After this the token stops working (null: never).' })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked (null: not revoked).' })
  revokedAt: Date | null;
}

export const ApiTokenConnection = Connection(ApiToken);

@ObjectType({ description: 'A newly created API token. The token value is shown only here, once.' })
export class CreatedApiToken extends ApiToken {
  @Field({ description: 'Send as "Authorization: Bearer <token>". Stored only as a SHA-256 hash.' })
  token: string;
}

export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.userId,
    projectId: row.projectId,
    roles: row.roles,
    created: row.createdAt,
    lastUsed: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}
