/**
 * Retention insight: persons grouped into cohorts by the calendar period of a start event, and how
 * many of each cohort did a return event 1, 2, ... periods later. Exact semantics in
 * docs/metrics.md "Retention".
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject, oneOf } from '../json-schema/json-schema.builders';
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

/** Cohort and offset period: a local calendar day, ISO week (starting Monday) or month. */
export const RETENTION_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export type RetentionPeriod = (typeof RETENTION_PERIODS)[number];

/**
 * - `FIRST_TIME` (default): a person belongs to one cohort at most, the period of their first start
 *   event ever (as of the data version, all time), provided that event lies in the date range.
 * - `RECURRING`: a person belongs to the cohort of every period of the range in which they did the
 *   start event.
 */
export const RETENTION_COHORT_TYPES = ['FIRST_TIME', 'RECURRING'] as const;
export type RetentionCohortType = (typeof RETENTION_COHORT_TYPES)[number];

/**
 * - `ON` (default): period k counts the cohort's persons who did the return event in period
 *   cohort + k exactly.
 * - `ON_OR_AFTER`: period k counts those who did it in period cohort + k or any later period shown
 *   for that cohort (cumulative, PostHog's "on or after").
 */
export const RETENTION_MODES = ['ON', 'ON_OR_AFTER'] as const;
export type RetentionMode = (typeof RETENTION_MODES)[number];

export interface RetentionCohortDto {
  /** Local start of the cohort period `YYYY-MM-DDTHH:mm:ss`. */
  cohort: string;
  /** Persons in the cohort. */
  size: number;
  /**
   * Periods 0, 1, ... ascending, as many as `periods` but never past the range's last period.
   * `percentage` = persons / size × 100 (0 when the cohort is empty); period 0 is the size (100 %).
   */
  values: Array<{ period: number; persons: number; percentage: number }>;
}

export interface RetentionBreakdownDto extends BreakdownValueDto {
  /** Every cohort period of the range, as in `RetentionResultDto.cohorts`, for this value's persons. */
  cohorts: RetentionCohortDto[];
}

export interface RetentionResultDto {
  /** Every cohort period of the range, ascending (empty cohorts included, with size 0). */
  cohorts: RetentionCohortDto[];
  /** By rank (summed cohort size descending, ties by value ascending, null last), "other" last; empty without a breakdown. */
  breakdowns: RetentionBreakdownDto[];
}

export type RetentionReply = InsightResultEnvelope & RetentionResultDto;

// ---------------------------------------------------------------------------------------------
// Schemas (validated with ajv by the analytics service; the engine re-checks what a schema cannot)
// and the types derived from them.

/** An event name and the filters that event must match (ANDed with the query's filters). */
export const retentionEventSpecSchema = closedObject({ event: eventNameSchema, filters: Type.Optional(propertyFiltersSchema) });
export type RetentionEventSpec = Static<typeof retentionEventSpecSchema>;

export const retentionQuerySchema = closedObject({
  /** The event that puts a person in a cohort. */
  startEvent: retentionEventSpecSchema,
  /** The event that counts as coming back (may be the same event as the start event). */
  returnEvent: retentionEventSpecSchema,
  period: oneOf(RETENTION_PERIODS),
  /**
   * Offsets shown per cohort: periods 0 to `periods` − 1 (1 to `INSIGHT_LIMITS.maxRetentionPeriods`),
   * cut at the last period of the date range. Period 0 is the cohort itself (its size).
   */
  periods: Type.Integer({ minimum: 1, maximum: INSIGHT_LIMITS.maxRetentionPeriods }),
  /** Default `FIRST_TIME`. */
  cohortType: Type.Optional(oneOf(RETENTION_COHORT_TYPES)),
  /** Default `ON`. */
  mode: Type.Optional(oneOf(RETENTION_MODES)),
  /**
   * The cohorts are the periods of this range (in the project time zone); only events inside it
   * count, so the last cohorts show fewer periods (a triangle).
   */
  dateRange: dateRangeSchema,
  /** Filters on both the start and the return events. */
  filters: Type.Optional(propertyFiltersSchema),
  /**
   * By an event property of the start event that puts the person in the cohort (for `FIRST_TIME`
   * the first start event ever, for `RECURRING` the first one in that period). Top N values by
   * cohort size summed over the cohorts, the rest as "other".
   */
  breakdown: Type.Optional(breakdownSchema),
});
export type RetentionQuery = Static<typeof retentionQuerySchema>;

export const retentionRequestSchema = insightRequestSchema(retentionQuerySchema);
export type RetentionRequest = Static<typeof retentionRequestSchema>;
