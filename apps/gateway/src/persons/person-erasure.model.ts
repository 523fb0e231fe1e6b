import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    "A person's erasure: what was removed. The person's ids are gone; the erasure record and the audit-trail entry name the person only by sha256(projectId + LF + personId).",
})
export class PersonErasure {
  @Field(() => ID, { description: 'Erasure id (also the id of the `person.erased` audit action and of the notice `reproduceAnalysis` lists).' })
  erasureId: string;

  @Field({ description: 'When the erasure was committed (UTC).' })
  erasedAt: Date;

  @Field(() => Int, { description: 'How many distinct ids the person had (user and anonymous ids merged into them).' })
  distinctIds: number;

  @Field(() => Int, { description: 'Events deleted from the analytics store.' })
  eventsErased: number;

  @Field(() => Int, { description: "Event-stream messages replaced by a copy without the person's events (they also held other persons' events)." })
  streamMessagesRewritten: number;

  @Field(() => Int, { description: 'Event-stream messages deleted outright (only the person’s events, or a rejected message mentioning them).' })
  streamMessagesDeleted: number;

  @Field(() => Int, { description: 'Rejected (never applied) messages that mentioned one of the ids, deleted.' })
  rejectedMessagesDeleted: number;

  @Field({ description: 'The data version at the erasure. It does not move: results as of older versions change instead, and reproduceAnalysis names this erasure.' })
  dataVersion: string;

  @Field({ description: 'True when the audit trail received the `person.erased` action; false: the analytics service retries until it does.' })
  auditPublished: boolean;
}
