import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from './role';

@ObjectType({ description: 'A newly created API token. The token value is shown only here, once.' })
export class CreatedApiToken {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Role)
  role: Role;

  @Field({ description: 'Send as "Authorization: Bearer <token>". Stored only as a SHA-256 hash.' })
  token: string;
}
