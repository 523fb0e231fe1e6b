import type { StickinessQuery, StickinessReply, StickinessRowDto } from '@fulcrum/contracts';
import { toBreakdown, toDateRange, toEnvelope, toPropertyFilters } from './insight-common.mapper';
import type { StickinessInput } from './stickiness.input';
import type { StickinessResult, StickinessRow } from './stickiness.model';
import type { WithoutNulls } from './strip-nulls';

/** `at` prefixes the field names of validation errors (e.g. `insight.stickiness.` inside saveAnalysis). */
export function toStickinessQuery(input: WithoutNulls<StickinessInput>, at = ''): StickinessQuery {
  return {
    event: input.event,
    ...(input.filters && { filters: toPropertyFilters(input.filters, `${at}filters`) }),
    interval: input.interval,
    dateRange: toDateRange(input),
    ...(input.breakdown && { breakdown: toBreakdown(input.breakdown) }),
  };
}

export function toStickinessResult(r: StickinessReply): StickinessResult {
  return {
    ...toEnvelope(r),
    totalIntervals: r.totalIntervals,
    rows: r.rows.map(toRow),
    breakdowns: r.breakdowns.map((b) => ({ value: b.value, other: b.other, rows: b.rows.map(toRow) })),
  };
}

function toRow(r: StickinessRowDto): StickinessRow {
  return { intervals: r.intervals, persons: r.persons, percentage: r.percentage };
}
