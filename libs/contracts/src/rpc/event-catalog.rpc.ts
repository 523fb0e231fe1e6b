export interface EventCatalogRequest {
  projectId: string;
}

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

export const eventCatalogRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId'],
  properties: { projectId: { type: 'string', format: 'uuid' } },
} as const;
