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

/**
 * One property condition. `property` is a top-level key of the properties object (`$browser`,
 * `plan`, `a.b` is a key with a dot, not a path). Value rules (docs/metrics.md "Filters"):
 * - `eq`/`neq`/`in`: a string compares with the property's text form, a number numerically, a
 *   boolean with a JSON boolean. `neq` also matches events without the property.
 * - `contains`: case-insensitive substring of the text form (string value).
 * - `gt`/`lt`: numeric (number value); a missing or non-numeric property never matches.
 * - `is_set`: the key is present with a non-null value; `is_not_set`: the opposite.
 */
export interface PropertyFilter {
  property: string;
  operator: PropertyFilterOperator;
  /** Required for every operator but `is_set`/`is_not_set`; an array only for `in`. */
  value?: FilterScalar | FilterScalar[];
  /** Default `event`. */
  type?: PropertyFilterType;
}

/**
 * A date range. Each bound is a calendar date `YYYY-MM-DD` in the project time zone (`from` = the
 * start of that day, `to` = the end of that day: the day is included) or an ISO-8601 instant with
 * an offset (`from` inclusive, `to` exclusive).
 */
export interface DateRange {
  from: string;
  to: string;
}

export interface BreakdownSpec {
  /** An event property key (top-level). */
  property: string;
  /** Top N values by volume (default 10); the rest are grouped as one "other" row. */
  limit?: number;
}

export const INTERVALS = ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Every insight request: which project, as of which data version (default: the current one), in which time zone. */
export interface InsightRequestBase {
  projectId: string;
  /** IANA time zone for calendar buckets and date-only bounds (default `UTC`). */
  timeZone?: string;
  /**
   * Compute as of this data version (decimal string). Default: the current version. A version
   * above the current one is refused (DATA_VERSION_UNAVAILABLE).
   */
  asOfDataVersion?: string;
}

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
// JSON Schema fragments (the analytics service validates requests with ajv).

const scalar = {
  anyOf: [
    { type: 'string', maxLength: INSIGHT_LIMITS.maxFilterValueLength },
    { type: 'number' },
    { type: 'boolean' },
  ],
} as const;

export const propertyNameSchema = { type: 'string', minLength: 1, maxLength: INSIGHT_LIMITS.maxPropertyNameLength } as const;
export const eventNameSchema = { type: 'string', minLength: 1, maxLength: INSIGHT_LIMITS.maxEventNameLength } as const;

export const propertyFilterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['property', 'operator'],
  properties: {
    property: propertyNameSchema,
    operator: { enum: PROPERTY_FILTER_OPERATORS },
    value: { anyOf: [scalar, { type: 'array', minItems: 1, maxItems: INSIGHT_LIMITS.maxInValues, items: scalar }] },
    type: { enum: PROPERTY_FILTER_TYPES },
  },
} as const;

export const propertyFiltersSchema = { type: 'array', maxItems: INSIGHT_LIMITS.maxFilters, items: propertyFilterSchema } as const;

/** `YYYY-MM-DD` or an ISO-8601 date-time with `Z` or an offset. Checked further by the engine. */
export const dateBoundSchema = {
  type: 'string',
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
} as const;

/** A `DateRange`: both bounds required. */
export const dateRangeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: dateBoundSchema, to: dateBoundSchema },
} as const;

export const breakdownSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['property'],
  properties: {
    property: propertyNameSchema,
    limit: { type: 'integer', minimum: 1, maximum: INSIGHT_LIMITS.maxBreakdownLimit },
  },
} as const;

export const intervalSchema = { enum: INTERVALS } as const;

/** Properties of `InsightRequestBase`, to spread into each request schema. */
export const insightRequestBaseProperties = {
  projectId: { type: 'string', format: 'uuid' },
  timeZone: { type: 'string', minLength: 1, maxLength: 64 },
  asOfDataVersion: { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' },
} as const;

/** JSON Schema of an insight's RPC request: the common fields and the kind's own `query`. */
export function insightRequestSchema<const Q extends object>(querySchema: Q) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['projectId', 'query'],
    properties: { ...insightRequestBaseProperties, query: querySchema },
  } as const;
}
