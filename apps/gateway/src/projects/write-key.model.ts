import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection, type ConnectionShape } from '../graphql/relay-connection.model';

@ObjectType({
  description:
    "A write key of a project (SDKs send it: Segment basic-auth user, PostHog api_key, native Bearer). Only its prefix is shown: the key itself is shown once, by createWriteKey. Rotate by creating a new key, deploying it, then revoking the old one.",
})
export class WriteKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The first characters of the key (`wk_` and 8 more), to tell keys apart.' })
  prefix: string;

  @Field({ description: 'When the key was created (UTC).' })
  created: Date;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked (UTC); null while active. Every collector refuses a revoked key within 1 s.' })
  revoked: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key last authenticated a request (UTC), to within about a minute; null if never.' })
  lastUsed: Date | null;
}

export const WriteKeyConnection = Connection(WriteKey);
export type WriteKeyConnection = ConnectionShape<WriteKey>;

@ObjectType({ description: 'A new write key and the key itself, shown this once (only a hash is stored).' })
export class CreatedWriteKey {
  @Field(() => WriteKey)
  writeKey: WriteKey;

  @Field({ description: 'The write key to configure in SDKs. It cannot be shown again: store it now.' })
  key: string;
}
