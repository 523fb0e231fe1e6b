/**
 * Funnel insight: how many persons went through a sequence of steps (events) within a conversion
 * window, where they dropped off, and how long each step took. Exact semantics in docs/metrics.md
 * "Funnel" (docs/metrics.md).
 */
import {
  type BreakdownSpec,
  type BreakdownValueDto,
  type DateRange,
  INSIGHT_LIMITS,
  type InsightRequestBase,
  type InsightResultEnvelope,
  type PropertyFilter,
  breakdownSchema,
  dateRangeSchema,
  eventNameSchema,
  insightRequestSchema,
  propertyFiltersSchema,
} from './insight-common';

/**
 * Step order (default `ORDERED`):
 * - `ORDERED`: the steps happen in the query's order; other events may happen in between;
 * - `STRICT`: the steps happen in order and consecutively: no other event of the person (any name,
 *   among those passing the query's `filters`) between two steps;
 * - `ANY`: the steps may happen in any order; a person reaches step k when they did k+1 different
 *   steps within one window (the step names must then be pairwise different).
 */
export const FUNNEL_ORDERS = ['ORDERED', 'STRICT', 'ANY'] as const;
export type FunnelOrder = (typeof FUNNEL_ORDERS)[number];

/**
 * Which event gives a person's breakdown value (default `FIRST_TOUCH`):
 * - `FIRST_TOUCH`: the first step event of the person's counted path;
 * - `LAST_TOUCH`: the last step event of the counted path (the furthest step reached);
 * - `ALL_STEPS`: every step event of a path must carry the same value: the funnel is computed once
 *   per value, over the step events with that value (a person can appear under several values).
 */
export const FUNNEL_ATTRIBUTIONS = ['FIRST_TOUCH', 'LAST_TOUCH', 'ALL_STEPS'] as const;
export type FunnelAttribution = (typeof FUNNEL_ATTRIBUTIONS)[number];

/** Conversion window units: elapsed time (a DAY is 24 h, a WEEK 7 × 24 h, whatever the DST). */
export const CONVERSION_WINDOW_UNITS = ['MINUTE', 'HOUR', 'DAY', 'WEEK'] as const;
export type ConversionWindowUnit = (typeof CONVERSION_WINDOW_UNITS)[number];

/** Defaults applied when the query leaves them out. */
export const FUNNEL_DEFAULTS = {
  order: 'ORDERED',
  attribution: 'FIRST_TOUCH',
  conversionWindow: { value: 14, unit: 'DAY' },
  personsLimit: 100,
} as const satisfies {
  order: FunnelOrder;
  attribution: FunnelAttribution;
  conversionWindow: { value: number; unit: ConversionWindowUnit };
  personsLimit: number;
};

/** Longest breakdown value a persons request may name (a value label is the property's text form). */
export const FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH = 65_536;

/** Largest `conversionWindow.value` (any unit). */
export const MAX_CONVERSION_WINDOW_VALUE = 1_000_000;

export interface FunnelStepSpec {
  /** The event name of the step. */
  event: string;
  /** Step filters, ANDed with the query's `filters`. */
  filters?: PropertyFilter[];
}

/**
 * A path that reaches step `toStep` is not valid when an event matching this exclusion (its name,
 * its filters and the query's `filters`) lies strictly between the path's `fromStep` event and its
 * `toStep` event (event order: timestamp, then event id). `ORDERED` funnels only.
 */
export interface FunnelExclusionSpec {
  event: string;
  filters?: PropertyFilter[];
  /** 0-based step index, < `toStep`. */
  fromStep: number;
  /** 0-based step index, ≤ the last step. */
  toStep: number;
}

export interface FunnelQuery {
  /** `INSIGHT_LIMITS.minFunnelSteps`..`maxFunnelSteps` steps. */
  steps: FunnelStepSpec[];
  /** Every step event (and exclusion event) must be in the range: from ≤ timestamp < to. */
  dateRange: DateRange;
  /** Longest time from a path's first step to its last step, inclusive (default 14 DAY). */
  conversionWindow?: { value: number; unit: ConversionWindowUnit };
  /** Default `ORDERED`. */
  order?: FunnelOrder;
  /** Global filters: apply to every step event, every exclusion event and (`STRICT`) to the events that can break a sequence. */
  filters?: PropertyFilter[];
  /** `ORDERED` funnels only. */
  exclusions?: FunnelExclusionSpec[];
  /** Breakdown by an event property of the step events; `attribution` default `FIRST_TOUCH`. */
  breakdown?: BreakdownSpec & { attribution?: FunnelAttribution };
}

export interface FunnelRequest extends InsightRequestBase {
  query: FunnelQuery;
}

export interface FunnelStepResultDto {
  /** 0-based step index. */
  index: number;
  event: string;
  /** Persons whose furthest step is this step or a later one. */
  count: number;
  /** count / count of step 0 (step 0: 1; 0 when step 0 has nobody). */
  conversionRateFromFirst: number;
  /** count / count of the previous step (step 0: 1; 0 when the previous step has nobody). */
  conversionRateFromPrevious: number;
  /**
   * Seconds from the previous step's event to this step's event on each counted path, over the
   * persons who reached this step: median (the mean of the two middle values for an even count)
   * and mean. Null for step 0 and when nobody reached the step.
   */
  medianTimeToConvertSeconds: number | null;
  averageTimeToConvertSeconds: number | null;
  /** count − count of the next step (0 for the last step). */
  droppedOff: number;
}

export interface FunnelBreakdownResultDto extends BreakdownValueDto {
  steps: FunnelStepResultDto[];
}

export interface FunnelResultDto {
  /** The funnel without breakdown, one entry per step in query order. */
  steps: FunnelStepResultDto[];
  /**
   * With a breakdown: the top N values by persons at step 0 (descending; ties by value ascending,
   * byte order, null after every string), then the "other" row when it is not empty. Empty without
   * a breakdown.
   */
  breakdowns: FunnelBreakdownResultDto[];
}

export type FunnelReply = InsightResultEnvelope & FunnelResultDto;

/** `DROPPED` at step k: the furthest step is k (k < last step). `REACHED` at step k: the furthest step is k or later. */
export const FUNNEL_PERSON_STATUSES = ['DROPPED', 'REACHED'] as const;
export type FunnelPersonStatus = (typeof FUNNEL_PERSON_STATUSES)[number];

/** The persons behind one step of a funnel, paginated by person id ascending (keyset). */
export interface FunnelPersonsQuery extends FunnelQuery {
  personsAt: {
    /** 0-based step index; `DROPPED` needs a step before the last one. */
    step: number;
    status: FunnelPersonStatus;
    /** Page size (default 100, at most `INSIGHT_LIMITS.maxPageSize`). */
    limit?: number;
    /** The `nextCursor` of the previous page: persons with an id strictly after it (byte order). */
    after?: string;
    /** Only the persons of this breakdown row (needs `breakdown`); `other: true` needs `value: null`. */
    breakdownValue?: { value: string | null; other: boolean };
  };
}

export interface FunnelPersonsRequest extends InsightRequestBase {
  query: FunnelPersonsQuery;
}

export interface FunnelPersonsResultDto {
  step: number;
  status: FunnelPersonStatus;
  /** Every matching person (not only this page). */
  total: number;
  /** Person ids (as of the data version), ascending, at most `limit`. */
  persons: string[];
  /** Pass as `after` for the next page; null when this page is the last one. */
  nextCursor: string | null;
}

export type FunnelPersonsReply = InsightResultEnvelope & FunnelPersonsResultDto;

// ---------------------------------------------------------------------------------------------
// JSON Schemas (validated with ajv by the analytics service; the engine re-checks what a schema
// cannot: exclusion step indices against the steps, the persons step, breakdownValue without breakdown).

const stepIndexSchema = { type: 'integer', minimum: 0, maximum: INSIGHT_LIMITS.maxFunnelSteps - 1 } as const;

export const funnelStepSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event'],
  properties: { event: eventNameSchema, filters: propertyFiltersSchema },
} as const;

export const funnelExclusionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event', 'fromStep', 'toStep'],
  properties: { event: eventNameSchema, filters: propertyFiltersSchema, fromStep: stepIndexSchema, toStep: stepIndexSchema },
} as const;

export const conversionWindowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'unit'],
  properties: {
    value: { type: 'integer', minimum: 1, maximum: MAX_CONVERSION_WINDOW_VALUE },
    unit: { enum: CONVERSION_WINDOW_UNITS },
  },
} as const;

export const funnelBreakdownSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['property'],
  properties: { ...breakdownSchema.properties, attribution: { enum: FUNNEL_ATTRIBUTIONS } },
} as const;

const funnelQueryProperties = {
  steps: { type: 'array', minItems: INSIGHT_LIMITS.minFunnelSteps, maxItems: INSIGHT_LIMITS.maxFunnelSteps, items: funnelStepSchema },
  dateRange: dateRangeSchema,
  conversionWindow: conversionWindowSchema,
  order: { enum: FUNNEL_ORDERS },
  filters: propertyFiltersSchema,
  exclusions: { type: 'array', maxItems: INSIGHT_LIMITS.maxFilters, items: funnelExclusionSchema },
  breakdown: funnelBreakdownSchema,
} as const;

export const funnelQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['steps', 'dateRange'],
  properties: funnelQueryProperties,
} as const;

export const funnelRequestSchema = insightRequestSchema(funnelQuerySchema);

export const funnelPersonsAtSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['step', 'status'],
  properties: {
    step: stepIndexSchema,
    status: { enum: FUNNEL_PERSON_STATUSES },
    limit: { type: 'integer', minimum: 1, maximum: INSIGHT_LIMITS.maxPageSize },
    after: { type: 'string', minLength: 1, maxLength: 1024 },
    breakdownValue: {
      type: 'object',
      additionalProperties: false,
      required: ['value', 'other'],
      properties: {
        value: { anyOf: [{ type: 'string', maxLength: FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH }, { type: 'null' }] },
        other: { type: 'boolean' },
      },
    },
  },
} as const;

export const funnelPersonsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['steps', 'dateRange', 'personsAt'],
  properties: { ...funnelQueryProperties, personsAt: funnelPersonsAtSchema },
} as const;

export const funnelPersonsRequestSchema = insightRequestSchema(funnelPersonsQuerySchema);
