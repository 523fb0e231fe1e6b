import type { LifecycleQuery, LifecycleReply } from '@fulcrum/contracts';
import { toDateRange, toEnvelope, toPropertyFilters } from './insight-common.mapper';
import type { LifecycleInput } from './lifecycle.input';
import type { LifecycleResult } from './lifecycle.model';
import type { WithoutNulls } from './strip-nulls';

/** `at` prefixes the field names of validation errors (e.g. `insight.lifecycle.` inside saveAnalysis). */
export function toLifecycleQuery(input: WithoutNulls<LifecycleInput>, at = ''): LifecycleQuery {
  return {
    event: input.event,
    ...(input.filters && { filters: toPropertyFilters(input.filters, `${at}filters`) }),
    interval: input.interval,
    dateRange: toDateRange(input),
  };
}

export function toLifecycleResult(r: LifecycleReply): LifecycleResult {
  return {
    ...toEnvelope(r),
    buckets: r.buckets.map((b) => ({ bucket: b.bucket, new: b.new, returning: b.returning, resurrecting: b.resurrecting, dormant: b.dormant })),
  };
}
