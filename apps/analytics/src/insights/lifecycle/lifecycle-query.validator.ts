import { DomainError, INSIGHT_LIMITS, type LifecycleQuery } from '@fulcrum/contracts';
import { assertFilters, assertInterval } from '../trend/trend-query.validator';

/** The rules JSON Schema does not express, and a re-check of those it does (the engine may be called directly). */
export function assertValidLifecycleQuery(query: LifecycleQuery): void {
  if (typeof query.event !== 'string' || query.event.length < 1 || query.event.length > INSIGHT_LIMITS.maxEventNameLength) {
    throw new DomainError('VALIDATION_FAILED', `query.event must be an event name of 1 to ${INSIGHT_LIMITS.maxEventNameLength} characters.`, {
      field: 'query.event',
    });
  }
  assertInterval(query.interval, 'query.interval');
  assertFilters(query.filters, 'query.filters');
}
