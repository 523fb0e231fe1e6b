import { type Static } from '@sinclair/typebox';
import { closedObject, uuid } from '../json-schema/json-schema.builders';

export const eventCatalogRequestSchema = closedObject({ projectId: uuid() });
export type EventCatalogRequest = Static<typeof eventCatalogRequestSchema>;

export interface EventCatalogEntryDto {
  name: string;
  count: number;
  /** Distinct `userId`, else `anonymousId` (identity merging comes with the persons work). */
  uniqueUsers: number;
  /** ISO-8601 UTC. */
  firstSeen: string;
  lastSeen: string;
}

export interface EventCatalogReply {
  /** Stream position up to which every event is applied and included (decimal string). */
  dataVersion: string;
  totalEvents: number;
  /** Most frequent first; ties by name. */
  events: EventCatalogEntryDto[];
}
