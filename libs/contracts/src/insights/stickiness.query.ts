/**
 * Stickiness insight: how many persons did an event in exactly 1, 2, ... of the calendar intervals
 * of a date range. Exact semantics in docs/metrics.md "Stickiness".
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject, oneOf } from '../json-schema/json-schema.builders';
import {
  type BreakdownValueDto,
  type InsightResultEnvelope,
  breakdownSchema,
  dateRangeSchema,
  eventNameSchema,
  insightRequestSchema,
  propertyFiltersSchema,
} from './insight-common';

/** Local calendar hour, day, ISO week (starting Monday) or month. */
export const STICKINESS_INTERVALS = ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
export type StickinessInterval = (typeof STICKINESS_INTERVALS)[number];

export interface StickinessRowDto {
  /** Number of distinct intervals of the range in which a person did the event (1 to `totalIntervals`). */
  intervals: number;
  /** Persons with exactly that many intervals. */
  persons: number;
  /** persons / active persons of the series × 100 (0 when nobody is active). */
  percentage: number;
}

export interface StickinessSeriesDto extends BreakdownValueDto {
  /** intervals = 1 to `totalIntervals`, ascending, zeros included. */
  rows: StickinessRowDto[];
}

export interface StickinessResultDto {
  /** Calendar intervals with at least one instant in the range (partial first and last ones count). */
  totalIntervals: number;
  /** intervals = 1 to `totalIntervals`, ascending, zeros included. */
  rows: StickinessRowDto[];
  /** By rank (active persons descending, ties by value ascending, null last), "other" last; empty without a breakdown. */
  breakdowns: StickinessSeriesDto[];
}

export type StickinessReply = InsightResultEnvelope & StickinessResultDto;

// ---------------------------------------------------------------------------------------------
// Schemas (validated with ajv by the analytics service; the engine re-checks what a schema cannot)
// and the types derived from them.

export const stickinessQuerySchema = closedObject({
  event: eventNameSchema,
  /** Filters the event must match. */
  filters: Type.Optional(propertyFiltersSchema),
  interval: oneOf(STICKINESS_INTERVALS),
  dateRange: dateRangeSchema,
  /**
   * By an event property: a person counts under every value they did the event with, with the
   * intervals of those events only. Top N values by active persons, the rest as "other".
   */
  breakdown: Type.Optional(breakdownSchema),
});
export type StickinessQuery = Static<typeof stickinessQuerySchema>;

export const stickinessRequestSchema = insightRequestSchema(stickinessQuerySchema);
export type StickinessRequest = Static<typeof stickinessRequestSchema>;
