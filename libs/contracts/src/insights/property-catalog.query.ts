/**
 * Event and property catalog: which events a project has, and which properties they carry, with
 * their value types and most frequent values. Semantics in docs/metrics.md "Event and property catalog".
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject, oneOf } from '../json-schema/json-schema.builders';
import { type InsightResultEnvelope, dateRangeSchema, eventNameSchema, insightRequestSchema } from './insight-common';

/** `FREQUENCY`: most used first (ties by name); `NAME`: by name. */
export const PROPERTY_CATALOG_ORDERS = ['FREQUENCY', 'NAME'] as const;
export type PropertyCatalogOrder = (typeof PROPERTY_CATALOG_ORDERS)[number];

/** The JSON type of a property value (every JSON number is `NUMBER`). */
export const PROPERTY_VALUE_TYPES = ['STRING', 'NUMBER', 'BOOLEAN', 'OBJECT', 'ARRAY', 'NULL'] as const;
export type PropertyValueType = (typeof PROPERTY_VALUE_TYPES)[number];

/** Defaults and bounds of the catalog options (validated by the engine). */
export const PROPERTY_CATALOG_LIMITS = {
  defaultTopValues: 5,
  maxTopValues: 20,
  defaultLimit: 100,
  maxLimit: 1000,
} as const;

export interface CatalogEventDto {
  name: string;
  /** Events with this name in scope. */
  count: number;
  /** Distinct persons (as of the data version) who did it. */
  persons: number;
  /** First and last timestamp, ISO-8601 UTC with milliseconds. */
  firstSeen: string;
  lastSeen: string;
}

export interface CatalogPropertyDto {
  /** A top-level key of the events' properties. */
  key: string;
  /** Events in scope carrying the key (a JSON null value counts: its type is `NULL`). */
  count: number;
  /** How many of those events have each value type; most frequent first, ties by type name. */
  types: Array<{ type: PropertyValueType; count: number }>;
  /**
   * Most frequent values among the STRING, NUMBER and BOOLEAN values, as text (a string's own text,
   * else its JSON text: `3`, `true`); most frequent first, ties by value ascending.
   */
  topValues: Array<{ value: string; count: number }>;
}

export interface PropertyCatalogResultDto {
  /** Events in scope. */
  totalEvents: number;
  /** Ordered by count descending then name (FREQUENCY), or by name (NAME). */
  events: CatalogEventDto[];
  /** Ordered by count descending then key (FREQUENCY), or by key (NAME); at most `limit`. */
  properties: CatalogPropertyDto[];
  /** True when there were more than `limit` properties. */
  truncated: boolean;
}

export type PropertyCatalogReply = InsightResultEnvelope & PropertyCatalogResultDto;

// ---------------------------------------------------------------------------------------------
// Schemas (the analytics service validates requests with ajv; the engine checks again) and the
// types derived from them.

export const propertyCatalogQuerySchema = closedObject({
  /** Only events with from <= timestamp < to. Default: all time. */
  dateRange: Type.Optional(dateRangeSchema),
  /** Only this event: the events list, the total and the properties all describe this event alone. */
  event: Type.Optional(eventNameSchema),
  /** Most frequent values per property, default 5, 0..20 (0: none). */
  topValues: Type.Optional(Type.Integer({ minimum: 0, maximum: PROPERTY_CATALOG_LIMITS.maxTopValues })),
  /** Most properties returned, default 100, 1..1000 (the events list is not limited). */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PROPERTY_CATALOG_LIMITS.maxLimit })),
  /** Default `FREQUENCY` (most used first). */
  order: Type.Optional(oneOf(PROPERTY_CATALOG_ORDERS)),
});
export type PropertyCatalogQuery = Static<typeof propertyCatalogQuerySchema>;

export const propertyCatalogRequestSchema = insightRequestSchema(propertyCatalogQuerySchema);
export type PropertyCatalogRequest = Static<typeof propertyCatalogRequestSchema>;
