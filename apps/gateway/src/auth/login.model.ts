import { Field, Int, ObjectType } from '@nestjs/graphql';
import { User } from '../people/user.model';

@ObjectType({ description: 'A started browser session. The session id itself travels only in the HttpOnly cookie.' })
export class LoginResult {
  @Field(() => User)
  user: User;

  @Field({ description: 'Send as header `x-fulcrum-csrf` with every mutation of this session; keep it in memory, not in storage.' })
  csrfToken: string;

  @Field({ description: 'The session ends at this time however active it is (absolute expiry).' })
  expiresAt: Date;

  @Field(() => Int, { description: 'The session also ends after this many seconds without use (idle expiry).' })
  idleTimeoutSeconds: number;
}
