import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One event name with its volume.' })
export class EventCatalogEntry {
  @Field()
  name: string;

  @Field(() => Int)
  count: number;

  @Field(() => Int, { description: 'Distinct users: the userId, else the anonymousId.' })
  uniqueUsers: number;

  @Field({ description: 'Earliest event timestamp (UTC).' })
  firstSeen: Date;

  @Field({ description: 'Latest event timestamp (UTC).' })
  lastSeen: Date;
}

@ObjectType({ description: 'Every event name of a project, most frequent first.' })
export class EventCatalog {
  @Field({
    description:
      'Stream position up to which every accepted event is included (decimal string). Equal versions mean equal data.',
  })
  dataVersion: string;

  @Field(() => Int)
  totalEvents: number;

  @Field(() => [EventCatalogEntry], { description: 'Ordered by count, most frequent first; ties by name.' })
  events: EventCatalogEntry[];
}
