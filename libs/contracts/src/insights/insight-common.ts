import { type Static, type TObject, type TSchema, Type } from '@sinclair/typebox';
import { closedObject, oneOf, uuid } from '../json-schema/json-schema.builders';

/**
 * What every insight query shares: the date range, property filters and breakdowns, and the
 * envelope every result carries (data version + query fingerprint). Semantics in docs/metrics.md.
 */

/** Limits of insight queries (validated before any SQL is built). */
export const INSIGHT_LIMITS = {
  maxFilters: 20,
  maxInValues: 100,
  maxPropertyNameLength: 400,
  maxFilterValueLength: 1000,
  maxEventNameLength: 1024,
  /** Breakdown: top N values, the rest grouped as "other". */
  defaultBreakdownLimit: 10,
  maxBreakdownLimit: 100,
  maxSeries: 10,
  minFunnelSteps: 2,
  maxFunnelSteps: 20,
  maxRetentionPeriods: 60,
  maxPathDepth: 10,
  maxPathFanout: 50,
  /** Longest range an HOUR interval may cover (buckets are returned with zeros, so keep them bounded). */
  maxBuckets: 5000,
  maxPageSize: 1000,
} as const;

export const PROPERTY_FILTER_OPERATORS = ['eq', 'neq', 'in', 'contains', 'gt', 'lt', 'is_set', 'is_not_set'] as const;
export type PropertyFilterOperator = (typeof PROPERTY_FILTER_OPERATORS)[number];

/** `event`: the event's own properties; `person`: the person's properties as of the data version. */
export const PROPERTY_FILTER_TYPES = ['event', 'person'] as const;
export type PropertyFilterType = (typeof PROPERTY_FILTER_TYPES)[number];

export type FilterScalar = string | number | boolean;

export const INTERVALS = ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Every insight result: exactly which data it covers and which question it answers. */
export interface InsightResultEnvelope {
  /** Stream position up to which every accepted event (and identity link) is included (decimal string). */
  dataVersion: string;
  /** `sha256:<hex>` of the RFC 8785 canonical JSON of the kind and the normalised query. */
  queryFingerprint: string;
  /** The time zone the buckets were computed in. */
  timeZone: string;
}

/** One breakdown value label: the property's text form, null for "not set", or the "other" bucket. */
export interface BreakdownValueDto {
  value: string | null;
  /** True for the bucket that groups every value outside the top N. */
  other: boolean;
}

// ---------------------------------------------------------------------------------------------
// Schemas (the analytics service validates requests with ajv) and the types derived from them.

const scalar = Type.Union([Type.String({ maxLength: INSIGHT_LIMITS.maxFilterValueLength }), Type.Number(), Type.Boolean()]);

export const propertyNameSchema = Type.String({ minLength: 1, maxLength: INSIGHT_LIMITS.maxPropertyNameLength });
export const eventNameSchema = Type.String({ minLength: 1, maxLength: INSIGHT_LIMITS.maxEventNameLength });

/**
 * One property condition. `property` is a top-level key of the properties object (`$browser`,
 * `plan`, `a.b` is a key with a dot, not a path). Value rules (docs/metrics.md "Filters"):
 * - `eq`/`neq`/`in`: a string compares with the property's text form, a number numerically, a
 *   boolean with a JSON boolean. `neq` also matches events without the property.
 * - `contains`: case-insensitive substring of the text form (string value).
 * - `gt`/`lt`: numeric (number value); a missing or non-numeric property never matches.
 * - `is_set`: the key is present with a non-null value; `is_not_set`: the opposite.
 */
export const propertyFilterSchema = closedObject({
  property: propertyNameSchema,
  operator: oneOf(PROPERTY_FILTER_OPERATORS),
  /** Required for every operator but `is_set`/`is_not_set`; an array only for `in`. */
  value: Type.Optional(Type.Union([scalar, Type.Array(scalar, { minItems: 1, maxItems: INSIGHT_LIMITS.maxInValues })])),
  /** Default `event`. */
  type: Type.Optional(oneOf(PROPERTY_FILTER_TYPES)),
});
export type PropertyFilter = Static<typeof propertyFilterSchema>;

export const propertyFiltersSchema = Type.Array(propertyFilterSchema, { maxItems: INSIGHT_LIMITS.maxFilters });

/** `YYYY-MM-DD` or an ISO-8601 date-time with `Z` or an offset. Checked further by the engine. */
export const dateBoundSchema = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
});

/**
 * A date range. Each bound is a calendar date `YYYY-MM-DD` in the project time zone (`from` = the
 * start of that day, `to` = the end of that day: the day is included) or an ISO-8601 instant with
 * an offset (`from` inclusive, `to` exclusive). Both bounds required.
 */
export const dateRangeSchema = closedObject({ from: dateBoundSchema, to: dateBoundSchema });
export type DateRange = Static<typeof dateRangeSchema>;

export const breakdownSchema = closedObject({
  /** An event property key (top-level). */
  property: propertyNameSchema,
  /** Top N values by volume (default 10); the rest are grouped as one "other" row. */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: INSIGHT_LIMITS.maxBreakdownLimit })),
});
export type BreakdownSpec = Static<typeof breakdownSchema>;

export const intervalSchema = oneOf(INTERVALS);

/** Properties of `InsightRequestBase`, to spread into each request schema. */
export const insightRequestBaseProperties = {
  projectId: uuid(),
  /** IANA time zone for calendar buckets and date-only bounds (default `UTC`). */
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /**
   * Compute as of this data version (decimal string). Default: the current version. A version
   * above the current one is refused (DATA_VERSION_UNAVAILABLE).
   */
  asOfDataVersion: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,19})$' })),
};

/** Every insight request: which project, as of which data version (default: the current one), in which time zone. */
export type InsightRequestBase = Static<TObject<typeof insightRequestBaseProperties>>;

/** An insight's RPC request: the common fields and the kind's own `query`. */
export function insightRequestSchema<Q extends TSchema>(querySchema: Q) {
  return closedObject({ ...insightRequestBaseProperties, query: querySchema });
}
