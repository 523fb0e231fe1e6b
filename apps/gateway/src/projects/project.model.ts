import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A project: one product whose events are collected under its write keys.' })
export class Project {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({
    description:
      'Short, immutable key, unique in the instance (2–10 of A-Z0-9, starting with a letter): backlog item keys are `<key>-<n>`, e.g. `SHOP-42`.',
  })
  key: string;

  @Field({ description: 'When the project was created (UTC).' })
  created: Date;

  @Field({ description: 'IANA time zone in which insights compute calendar buckets (days, weeks, months).' })
  timeZone: string;
}

@ObjectType({ description: 'A new project and its first write key (shown once).' })
export class CreatedProject {
  @Field(() => Project)
  project: Project;

  @Field({ description: 'Write key for SDKs: Segment basic-auth user, PostHog api_key, or native Bearer.' })
  writeKey: string;
}
