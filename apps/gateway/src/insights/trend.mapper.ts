import type { TrendQuery, TrendReply, TrendSeriesSpec } from '@fulcrum/contracts';
import { toBreakdown, toBreakdownValue, toDateRange, toEnvelope, toPropertyFilters } from './insight-common.mapper';
import type { WithoutNulls } from './strip-nulls';
import type { TrendInput, TrendSeriesInput } from './trend.input';
import type { TrendResult } from './trend.model';

/** `at` prefixes the field names of validation errors (e.g. `insight.trend.` inside saveAnalysis). */
export function toTrendQuery(input: WithoutNulls<TrendInput>, at = ''): TrendQuery {
  return {
    series: input.series.map((s, i) => toSeries(s, `${at}series[${i}].`)),
    interval: input.interval,
    dateRange: toDateRange(input),
    ...(input.filters && { filters: toPropertyFilters(input.filters, `${at}filters`) }),
    ...(input.breakdown && { breakdown: toBreakdown(input.breakdown) }),
  };
}

function toSeries(s: WithoutNulls<TrendSeriesInput>, at: string): TrendSeriesSpec {
  return {
    // The contract needs the key: null means every event.
    event: s.event ?? null,
    ...(s.filters && { filters: toPropertyFilters(s.filters, `${at}filters`) }),
    ...(s.math !== undefined && { math: s.math }),
    ...(s.mathProperty !== undefined && { mathProperty: s.mathProperty }),
    ...(s.label !== undefined && { label: s.label }),
  };
}

export function toTrendResult(r: TrendReply): TrendResult {
  return {
    ...toEnvelope(r),
    buckets: r.buckets,
    series: r.series.map((s) => ({
      index: s.index,
      event: s.event,
      math: s.math,
      label: s.label,
      breakdown: toBreakdownValue(s.breakdown),
      data: s.data,
      total: s.total,
      nonNumericEvents: s.nonNumericEvents,
    })),
  };
}
