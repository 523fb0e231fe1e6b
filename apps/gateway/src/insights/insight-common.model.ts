import { Field, ObjectType } from '@nestjs/graphql';

/** What every insight result carries: exactly which data it covers and which question it answers. */
@ObjectType({ isAbstract: true })
export abstract class InsightEnvelope {
  @Field({
    description:
      'Stream position up to which every accepted event and identity link is included (decimal string). The same query at the same data version gives the same result; pass it as `asOfDataVersion` to recompute it.',
  })
  dataVersion: string;

  @Field({ description: '`sha256:<hex>` of the RFC 8785 canonical JSON of the insight kind and its normalised query: equal fingerprints mean the same question.' })
  queryFingerprint: string;

  @Field({ description: "The IANA time zone the calendar buckets and date-only bounds were computed in (the project's zone)." })
  timeZone: string;
}

@ObjectType({ description: 'One breakdown value.' })
export class BreakdownValue {
  @Field(() => String, { nullable: true, description: 'The text form of the property value; null for "not set". When `other` is true this row is the bucket of every value outside the top N.' })
  value: string | null;

  @Field({ description: 'True for the bucket that groups every value outside the top N (`limit`).' })
  other: boolean;
}
