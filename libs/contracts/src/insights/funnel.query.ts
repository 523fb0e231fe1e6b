/**
 * Funnel insight: how many persons went through a sequence of steps (events) within a conversion
 * window, where they dropped off, and how long each step took. Exact semantics in docs/metrics.md
 * "Funnel" (docs/metrics.md).
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject, nullable, oneOf } from '../json-schema/json-schema.builders';
import {
  type BreakdownValueDto,
  INSIGHT_LIMITS,
  type InsightResultEnvelope,
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
// Schemas (validated with ajv by the analytics service; the engine re-checks what a schema cannot:
// exclusion step indices against the steps, the persons step, breakdownValue without breakdown)
// and the types derived from them.

const stepIndexSchema = () => Type.Integer({ minimum: 0, maximum: INSIGHT_LIMITS.maxFunnelSteps - 1 });

export const funnelStepSchema = closedObject({
  /** The event name of the step. */
  event: eventNameSchema,
  /** Step filters, ANDed with the query's `filters`. */
  filters: Type.Optional(propertyFiltersSchema),
});
export type FunnelStepSpec = Static<typeof funnelStepSchema>;

/**
 * A path that reaches step `toStep` is not valid when an event matching this exclusion (its name,
 * its filters and the query's `filters`) lies strictly between the path's `fromStep` event and its
 * `toStep` event (event order: timestamp, then event id). `ORDERED` funnels only.
 */
export const funnelExclusionSchema = closedObject({
  event: eventNameSchema,
  filters: Type.Optional(propertyFiltersSchema),
  /** 0-based step index, < `toStep`. */
  fromStep: stepIndexSchema(),
  /** 0-based step index, ≤ the last step. */
  toStep: stepIndexSchema(),
});
export type FunnelExclusionSpec = Static<typeof funnelExclusionSchema>;

export const conversionWindowSchema = closedObject({
  value: Type.Integer({ minimum: 1, maximum: MAX_CONVERSION_WINDOW_VALUE }),
  unit: oneOf(CONVERSION_WINDOW_UNITS),
});

/** Breakdown by an event property of the step events; `attribution` default `FIRST_TOUCH`. */
export const funnelBreakdownSchema = closedObject({ ...breakdownSchema.properties, attribution: Type.Optional(oneOf(FUNNEL_ATTRIBUTIONS)) });

const funnelQueryProperties = {
  /** `INSIGHT_LIMITS.minFunnelSteps`..`maxFunnelSteps` steps. */
  steps: Type.Array(funnelStepSchema, { minItems: INSIGHT_LIMITS.minFunnelSteps, maxItems: INSIGHT_LIMITS.maxFunnelSteps }),
  /** Every step event (and exclusion event) must be in the range: from ≤ timestamp < to. */
  dateRange: dateRangeSchema,
  /** Longest time from a path's first step to its last step, inclusive (default 14 DAY). */
  conversionWindow: Type.Optional(conversionWindowSchema),
  /** Default `ORDERED`. */
  order: Type.Optional(oneOf(FUNNEL_ORDERS)),
  /** Global filters: apply to every step event, every exclusion event and (`STRICT`) to the events that can break a sequence. */
  filters: Type.Optional(propertyFiltersSchema),
  /** `ORDERED` funnels only. */
  exclusions: Type.Optional(Type.Array(funnelExclusionSchema, { maxItems: INSIGHT_LIMITS.maxFilters })),
  breakdown: Type.Optional(funnelBreakdownSchema),
};

export const funnelQuerySchema = closedObject(funnelQueryProperties);
export type FunnelQuery = Static<typeof funnelQuerySchema>;

export const funnelRequestSchema = insightRequestSchema(funnelQuerySchema);
export type FunnelRequest = Static<typeof funnelRequestSchema>;

export const funnelPersonsAtSchema = closedObject({
  /** 0-based step index; `DROPPED` needs a step before the last one. */
  step: stepIndexSchema(),
  status: oneOf(FUNNEL_PERSON_STATUSES),
  /** Page size (default 100, at most `INSIGHT_LIMITS.maxPageSize`). */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: INSIGHT_LIMITS.maxPageSize })),
  /** The `nextCursor` of the previous page: persons with an id strictly after it (byte order). */
  after: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  /** Only the persons of this breakdown row (needs `breakdown`); `other: true` needs `value: null`. */
  breakdownValue: Type.Optional(
    closedObject({ value: nullable(Type.String({ maxLength: FUNNEL_MAX_BREAKDOWN_VALUE_LENGTH })), other: Type.Boolean() }),
  ),
});

/** The persons behind one step of a funnel, paginated by person id ascending (keyset). */
export const funnelPersonsQuerySchema = closedObject({ ...funnelQueryProperties, personsAt: funnelPersonsAtSchema });
export type FunnelPersonsQuery = Static<typeof funnelPersonsQuerySchema>;

export const funnelPersonsRequestSchema = insightRequestSchema(funnelPersonsQuerySchema);
export type FunnelPersonsRequest = Static<typeof funnelPersonsRequestSchema>;
