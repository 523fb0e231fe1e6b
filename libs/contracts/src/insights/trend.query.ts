/**
 * Trend insight: one or more series of a math over events (count, unique persons, active users,
 * or a numeric property aggregate) per calendar bucket, optionally broken down by an event
 * property. Exact semantics in docs/metrics.md "Trend".
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
  intervalSchema,
  propertyFiltersSchema,
  propertyNameSchema,
} from './insight-common';

/**
 * What a series computes per bucket:
 * - `TOTAL`: matching events; `UNIQUE_PERSONS`: distinct persons with a matching event;
 * - `DAU`/`WAU`/`MAU`: distinct persons with a matching event in the rolling window of 1/7/30 local
 *   calendar days ending with the bucket's last day (never past `to`, looking back before `from`);
 *   not available with the `HOUR` interval;
 * - `SUM`/`AVG`/`MIN`/`MAX`/`MEDIAN`: of `mathProperty` over the bucket's matching events whose
 *   property is a JSON number (other values are skipped and counted in `nonNumericEvents`).
 */
export const TREND_MATHS = ['TOTAL', 'UNIQUE_PERSONS', 'DAU', 'WAU', 'MAU', 'SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN'] as const;
export type TrendMath = (typeof TREND_MATHS)[number];

/** Maths over a numeric event property (`mathProperty` required). */
export const TREND_PROPERTY_MATHS = ['SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN'] as const;
/** Rolling active-person maths, with their window in local calendar days. */
export const TREND_ACTIVE_WINDOW_DAYS = { DAU: 1, WAU: 7, MAU: 30 } as const;

/** Longest series label. */
export const TREND_MAX_LABEL_LENGTH = 200;

export interface TrendSeriesResultDto {
  /** Index of the series in the query. */
  index: number;
  event: string | null;
  math: TrendMath;
  label: string | null;
  /** The breakdown value of this entry; null without a breakdown. */
  breakdown: BreakdownValueDto | null;
  /**
   * One value per bucket, aligned with `buckets`. Counts are integers (0 for a bucket without
   * events); `SUM` is 0 without numeric values; `AVG`/`MIN`/`MAX`/`MEDIAN` are null for a bucket
   * without numeric values.
   */
  data: Array<number | null>;
  /**
   * The math over the whole range: `TOTAL` events, `UNIQUE_PERSONS` distinct persons over the range
   * (not the sum of the buckets), `SUM`/`AVG`/`MIN`/`MAX`/`MEDIAN` over every event of the range
   * (null when there is no numeric value, 0 for `SUM`); null for `DAU`/`WAU`/`MAU`.
   */
  total: number | null;
  /**
   * Property maths only: events of this entry in the range whose `mathProperty` is missing, JSON
   * null or not a JSON number (a numeric string is not a number), so were left out. Null for the
   * other maths.
   */
  nonNumericEvents: number | null;
}

export interface TrendResultDto {
  /** Local bucket starts `YYYY-MM-DDTHH:mm:ss`, ascending: every calendar bucket with at least one instant in the range. */
  buckets: string[];
  /** By series index, then breakdown rank (volume descending, ties by value ascending, null last), "other" last. */
  series: TrendSeriesResultDto[];
}

export type TrendReply = InsightResultEnvelope & TrendResultDto;

// ---------------------------------------------------------------------------------------------
// Schemas (validated with ajv by the analytics service; the engine re-checks what a schema cannot)
// and the types derived from them.

export const trendSeriesSchema = closedObject({
  /** The event name; `null` = every event. */
  event: nullable(eventNameSchema),
  /** Series filters, ANDed with the query's filters. */
  filters: Type.Optional(propertyFiltersSchema),
  /** Default `TOTAL`. */
  math: Type.Optional(oneOf(TREND_MATHS)),
  /** A top-level event property key: required for `SUM`..`MEDIAN`, refused for every other math. */
  mathProperty: Type.Optional(propertyNameSchema),
  /** Echoed in the result (default null). */
  label: Type.Optional(Type.String({ maxLength: TREND_MAX_LABEL_LENGTH })),
});
export type TrendSeriesSpec = Static<typeof trendSeriesSchema>;

export const trendQuerySchema = closedObject({
  /** 1 to `INSIGHT_LIMITS.maxSeries` series, answered in this order. */
  series: Type.Array(trendSeriesSchema, { minItems: 1, maxItems: INSIGHT_LIMITS.maxSeries }),
  interval: intervalSchema,
  dateRange: dateRangeSchema,
  /** Filters applied to every series. */
  filters: Type.Optional(propertyFiltersSchema),
  /** One entry per (series, value): top N values by the series' event count in the range, the rest as "other". */
  breakdown: Type.Optional(breakdownSchema),
});
export type TrendQuery = Static<typeof trendQuerySchema>;

export const trendRequestSchema = insightRequestSchema(trendQuerySchema);
export type TrendRequest = Static<typeof trendRequestSchema>;
