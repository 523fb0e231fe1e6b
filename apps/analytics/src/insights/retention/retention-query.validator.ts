import {
  type BreakdownSpec,
  DomainError,
  INSIGHT_LIMITS,
  RETENTION_COHORT_TYPES,
  RETENTION_MODES,
  RETENTION_PERIODS,
  type RetentionCohortType,
  type RetentionMode,
  type RetentionQuery,
} from '@fulcrum/contracts';
import { assertFilters } from '../trend/trend-query.validator';

/** A retention query with its defaults applied. */
export interface NormalisedRetentionQuery extends RetentionQuery {
  cohortType: RetentionCohortType;
  mode: RetentionMode;
}

/** The rules JSON Schema does not express, and a re-check of those it does (the engine may be called directly). */
export function assertValidRetentionQuery(query: RetentionQuery): NormalisedRetentionQuery {
  assertEventSpec(query.startEvent, 'query.startEvent');
  assertEventSpec(query.returnEvent, 'query.returnEvent');
  assertOneOf(query.period, RETENTION_PERIODS, 'query.period');
  const periods = query.periods;
  if (!(Number.isInteger(periods) && periods >= 1 && periods <= INSIGHT_LIMITS.maxRetentionPeriods)) {
    throw invalid('query.periods', `query.periods must be an integer from 1 to ${INSIGHT_LIMITS.maxRetentionPeriods}.`);
  }
  const cohortType = query.cohortType ?? 'FIRST_TIME';
  const mode = query.mode ?? 'ON';
  assertOneOf(cohortType, RETENTION_COHORT_TYPES, 'query.cohortType');
  assertOneOf(mode, RETENTION_MODES, 'query.mode');
  assertFilters(query.filters, 'query.filters');
  assertBreakdown(query.breakdown, 'query.breakdown');
  return { ...query, cohortType, mode };
}

function assertEventSpec(spec: RetentionQuery['startEvent'] | undefined, field: string): void {
  if (typeof spec !== 'object' || spec === null) throw invalid(field, `${field} must be an object { event, filters? }.`);
  assertEventName(spec.event, `${field}.event`);
  assertFilters(spec.filters, `${field}.filters`);
}

export function assertEventName(event: unknown, field: string): void {
  if (!isName(event, INSIGHT_LIMITS.maxEventNameLength)) {
    throw invalid(field, `${field} must be an event name of 1 to ${INSIGHT_LIMITS.maxEventNameLength} characters.`);
  }
}

export function assertOneOf(value: unknown, allowed: readonly string[], field: string): void {
  if (!allowed.includes(value as string)) throw invalid(field, `${field} must be one of ${allowed.join(', ')}.`);
}

export function assertBreakdown(breakdown: BreakdownSpec | undefined, field: string): void {
  if (breakdown === undefined) return;
  if (typeof breakdown !== 'object' || breakdown === null || !isName(breakdown.property, INSIGHT_LIMITS.maxPropertyNameLength)) {
    throw invalid(`${field}.property`, `${field}.property must be a key of 1 to ${INSIGHT_LIMITS.maxPropertyNameLength} characters.`);
  }
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
