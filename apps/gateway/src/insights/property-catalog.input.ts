import { Field, InputType, Int } from '@nestjs/graphql';
import type { PropertyCatalogOrder } from '@fulcrum/contracts';
import { PropertyCatalogOrderEnum } from './property-catalog.enums';

@InputType({ description: 'A property catalog question: which events and event properties a project has, how often, with which types and values (docs/metrics.md "Property catalog").' })
export class PropertyCatalogInput {
  @Field(() => String, {
    nullable: true,
    description: 'Start of the range: `YYYY-MM-DD` in the project time zone or an ISO-8601 instant with an offset (inclusive). Give both `from` and `to`, or neither (all time).',
  })
  from?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'End of the range: `YYYY-MM-DD` in the project time zone (that whole day included) or an ISO-8601 instant with an offset (exclusive). Give both `from` and `to`, or neither.',
  })
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this event: the events list, the total and the properties then describe this event alone.' })
  event?: string | null;

  @Field(() => Int, { nullable: true, description: 'Most frequent values listed per property: default 5, 0-20 (0: none).' })
  topValues?: number | null;

  @Field(() => Int, { nullable: true, description: 'Most properties returned: default 100, 1-1000 (the events list is not limited).' })
  limit?: number | null;

  @Field(() => PropertyCatalogOrderEnum, { nullable: true, description: 'FREQUENCY (default) or NAME.' })
  order?: PropertyCatalogOrder | null;
}
