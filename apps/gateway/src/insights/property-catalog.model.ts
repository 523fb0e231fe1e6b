import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { PropertyValueType } from '@fulcrum/contracts';
import { InsightEnvelope } from './insight-common.model';
import { PropertyValueTypeEnum } from './property-catalog.enums';

@ObjectType({ description: 'One event name in scope.' })
export class CatalogEvent {
  @Field({ description: 'The event name.' })
  name: string;

  @Field(() => Int, { description: 'Events with this name in scope.' })
  count: number;

  @Field(() => Int, { description: 'Distinct persons (as of the data version) who did it.' })
  persons: number;

  @Field({ description: 'Earliest timestamp in scope, ISO-8601 UTC with milliseconds.' })
  firstSeen: string;

  @Field({ description: 'Latest timestamp in scope, ISO-8601 UTC with milliseconds.' })
  lastSeen: string;
}

@ObjectType({ description: 'How many events carry a property with one value type.' })
export class CatalogPropertyType {
  @Field(() => PropertyValueTypeEnum, { description: 'The JSON type.' })
  type: PropertyValueType;

  @Field(() => Int, { description: 'Events in scope whose value of the property has this type.' })
  count: number;
}

@ObjectType({ description: 'One of the most frequent values of a property.' })
export class CatalogPropertyValue {
  @Field({ description: "The value as text: a string's own text, else its JSON text (`3`, `true`)." })
  value: string;

  @Field(() => Int, { description: 'Events in scope with this value.' })
  count: number;
}

@ObjectType({ description: 'One top-level property key of the events in scope.' })
export class CatalogProperty {
  @Field({ description: 'The property key.' })
  key: string;

  @Field(() => Int, { description: 'Events in scope carrying the key (a JSON null value counts, with type NULL).' })
  count: number;

  @Field(() => [CatalogPropertyType], { description: 'How many of those events have each value type; most frequent first, ties by type name.' })
  types: CatalogPropertyType[];

  @Field(() => [CatalogPropertyValue], {
    description: 'Most frequent values among the string, number and boolean values; most frequent first, ties by value ascending (at most `topValues`).',
  })
  topValues: CatalogPropertyValue[];
}

@ObjectType({ description: 'The events and event properties of a project with their frequencies (docs/metrics.md "Property catalog").' })
export class PropertyCatalogResult extends InsightEnvelope {
  @Field(() => Int, { description: 'Events in scope.' })
  totalEvents: number;

  @Field(() => [CatalogEvent], { description: 'Event names, by count descending then name (FREQUENCY) or by name (NAME).' })
  events: CatalogEvent[];

  @Field(() => [CatalogProperty], { description: 'Properties, by count descending then key (FREQUENCY) or by key (NAME); at most `limit`.' })
  properties: CatalogProperty[];

  @Field({ description: 'True when there were more than `limit` properties.' })
  truncated: boolean;
}
