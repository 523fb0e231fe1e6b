import {
  type BreakdownSpec,
  DomainError,
  INSIGHT_LIMITS,
  INTERVALS,
  type PropertyFilter,
  TREND_ACTIVE_WINDOW_DAYS,
  TREND_MATHS,
  TREND_MAX_LABEL_LENGTH,
  TREND_PROPERTY_MATHS,
  type TrendMath,
  type TrendQuery,
} from '@fulcrum/contracts';
import { assertValidFilters } from '../core/property-filter.sql';

/** The rules JSON Schema does not express, and a re-check of those it does (the engine may be called directly). */
export function assertValidTrendQuery(query: TrendQuery): void {
  if (!Array.isArray(query.series) || query.series.length < 1 || query.series.length > INSIGHT_LIMITS.maxSeries) {
    throw invalid('query.series', `A trend needs 1 to ${INSIGHT_LIMITS.maxSeries} series.`);
  }
  assertInterval(query.interval, 'query.interval');
  assertFilters(query.filters, 'query.filters');
  assertBreakdown(query.breakdown, 'query.breakdown');
  query.series.forEach((s, i) => {
    const at = `query.series[${i}]`;
    if (s.event !== null && !isName(s.event, INSIGHT_LIMITS.maxEventNameLength)) {
      throw invalid(`${at}.event`, `${at}.event must be null (every event) or a name of 1 to ${INSIGHT_LIMITS.maxEventNameLength} characters.`);
    }
    const math = mathOf(s.math);
    if (!(TREND_MATHS as readonly string[]).includes(math)) throw invalid(`${at}.math`, `${at}.math must be one of ${TREND_MATHS.join(', ')}.`);
    if (isPropertyMath(math)) {
      if (!isName(s.mathProperty, INSIGHT_LIMITS.maxPropertyNameLength)) {
        throw invalid(`${at}.mathProperty`, `${at}: math ${math} needs mathProperty (a property key of 1 to ${INSIGHT_LIMITS.maxPropertyNameLength} characters).`);
      }
    } else if (s.mathProperty !== undefined) {
      throw invalid(`${at}.mathProperty`, `${at}: mathProperty is only allowed with ${TREND_PROPERTY_MATHS.join(', ')} (math is ${math}).`);
    }
    if (activeWindowDays(math) !== null && query.interval === 'HOUR') {
      throw invalid(`${at}.math`, `${at}: ${math} counts persons over whole local days; use the DAY, WEEK or MONTH interval (or UNIQUE_PERSONS per hour).`);
    }
    if (s.label !== undefined && (typeof s.label !== 'string' || s.label.length > TREND_MAX_LABEL_LENGTH)) {
      throw invalid(`${at}.label`, `${at}.label must be a string of at most ${TREND_MAX_LABEL_LENGTH} characters.`);
    }
    assertFilters(s.filters, `${at}.filters`);
  });
}

export function mathOf(math: TrendMath | undefined): TrendMath {
  return math ?? 'TOTAL';
}

export function isPropertyMath(math: TrendMath): math is (typeof TREND_PROPERTY_MATHS)[number] {
  return (TREND_PROPERTY_MATHS as readonly string[]).includes(math);
}

/** Window of a rolling active-person math in local days, null for the other maths. */
export function activeWindowDays(math: TrendMath): number | null {
  return math === 'DAU' || math === 'WAU' || math === 'MAU' ? TREND_ACTIVE_WINDOW_DAYS[math] : null;
}

export function assertInterval(interval: unknown, field: string): void {
  if (!(INTERVALS as readonly unknown[]).includes(interval)) throw invalid(field, `${field} must be one of ${INTERVALS.join(', ')}.`);
}

export function assertFilters(filters: readonly PropertyFilter[] | undefined, field: string): void {
  if (filters === undefined) return;
  if (!Array.isArray(filters) || filters.length > INSIGHT_LIMITS.maxFilters) throw invalid(field, `${field}: at most ${INSIGHT_LIMITS.maxFilters} filters.`);
  filters.forEach((f, i) => {
    if (!isName(f.property, INSIGHT_LIMITS.maxPropertyNameLength)) throw invalid(`${field}[${i}].property`, `${field}[${i}].property must be a key of 1 to ${INSIGHT_LIMITS.maxPropertyNameLength} characters.`);
  });
  assertValidFilters(filters, field);
}

function assertBreakdown(breakdown: BreakdownSpec | undefined, field: string): void {
  if (breakdown === undefined) return;
  if (!isName(breakdown.property, INSIGHT_LIMITS.maxPropertyNameLength)) throw invalid(`${field}.property`, `${field}.property must be a key of 1 to ${INSIGHT_LIMITS.maxPropertyNameLength} characters.`);
  const limit = breakdown.limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= INSIGHT_LIMITS.maxBreakdownLimit)) {
    throw invalid(`${field}.limit`, `${field}.limit must be an integer from 1 to ${INSIGHT_LIMITS.maxBreakdownLimit}.`);
  }
}

function isName(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field });
}
