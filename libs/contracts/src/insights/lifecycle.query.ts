/**
 * Lifecycle insight: per calendar bucket, the persons who did an event, split into new, returning
 * and resurrecting, and those who went dormant. Exact semantics in docs/metrics.md "Lifecycle".
 */
import { type Static, Type } from '@sinclair/typebox';
import { closedObject } from '../json-schema/json-schema.builders';
import {
  type InsightResultEnvelope,
  dateRangeSchema,
  eventNameSchema,
  insightRequestSchema,
  intervalSchema,
  propertyFiltersSchema,
} from './insight-common';

/**
 * One bucket. A person is active in a bucket when they did the event (with the filters) in it;
 * their creation is their first event of any name (as of the data version, all time).
 */
export interface LifecycleBucketDto {
  /** Local bucket start `YYYY-MM-DDTHH:mm:ss`. */
  bucket: string;
  /** Active persons whose creation is in this bucket. */
  new: number;
  /** Active persons, not new, also active in the previous bucket. */
  returning: number;
  /** Active persons, not new, not active in the previous bucket. */
  resurrecting: number;
  /** Minus the persons active in the previous bucket and not in this one (≤ 0). */
  dormant: number;
}

export interface LifecycleResultDto {
  /** Every calendar bucket with at least one instant in the range, ascending (zeros included). */
  buckets: LifecycleBucketDto[];
}

export type LifecycleReply = InsightResultEnvelope & LifecycleResultDto;

export const lifecycleQuerySchema = closedObject({
  /** The event that makes a person active in a bucket. */
  event: eventNameSchema,
  /** Filters on that event (they do not affect the person's creation). */
  filters: Type.Optional(propertyFiltersSchema),
  interval: intervalSchema,
  dateRange: dateRangeSchema,
});
export type LifecycleQuery = Static<typeof lifecycleQuerySchema>;

export const lifecycleRequestSchema = insightRequestSchema(lifecycleQuerySchema);
export type LifecycleRequest = Static<typeof lifecycleRequestSchema>;
