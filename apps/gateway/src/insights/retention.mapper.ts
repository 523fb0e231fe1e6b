import type { RetentionCohortDto, RetentionEventSpec, RetentionQuery, RetentionReply } from '@fulcrum/contracts';
import { toBreakdown, toDateRange, toEnvelope, toPropertyFilters } from './insight-common.mapper';
import type { RetentionEventInput, RetentionInput } from './retention.input';
import type { RetentionCohort, RetentionResult } from './retention.model';
import type { WithoutNulls } from './strip-nulls';

/** `at` prefixes the field names of validation errors (e.g. `insight.retention.` inside saveAnalysis). */
export function toRetentionQuery(input: WithoutNulls<RetentionInput>, at = ''): RetentionQuery {
  return {
    startEvent: toEventSpec(input.startEvent, `${at}startEvent.`),
    returnEvent: toEventSpec(input.returnEvent, `${at}returnEvent.`),
    period: input.period,
    periods: input.periods,
    ...(input.cohortType !== undefined && { cohortType: input.cohortType }),
    ...(input.mode !== undefined && { mode: input.mode }),
    dateRange: toDateRange(input),
    ...(input.filters && { filters: toPropertyFilters(input.filters, `${at}filters`) }),
    ...(input.breakdown && { breakdown: toBreakdown(input.breakdown) }),
  };
}

function toEventSpec(e: WithoutNulls<RetentionEventInput>, at: string): RetentionEventSpec {
  return { event: e.event, ...(e.filters && { filters: toPropertyFilters(e.filters, `${at}filters`) }) };
}

export function toRetentionResult(r: RetentionReply): RetentionResult {
  return {
    ...toEnvelope(r),
    cohorts: r.cohorts.map(toCohort),
    breakdowns: r.breakdowns.map((b) => ({ value: b.value, other: b.other, cohorts: b.cohorts.map(toCohort) })),
  };
}

function toCohort(c: RetentionCohortDto): RetentionCohort {
  return { cohort: c.cohort, size: c.size, values: c.values.map((v) => ({ period: v.period, persons: v.persons, percentage: v.percentage })) };
}
