import { STICKINESS_INTERVALS, type StickinessQuery } from '@fulcrum/contracts';
import { assertBreakdown, assertEventName, assertOneOf } from '../retention/retention-query.validator';
import { assertFilters } from '../trend/trend-query.validator';

/** The rules JSON Schema does not express, and a re-check of those it does (the engine may be called directly). */
export function assertValidStickinessQuery(query: StickinessQuery): void {
  assertEventName(query.event, 'query.event');
  assertOneOf(query.interval, STICKINESS_INTERVALS, 'query.interval');
  assertFilters(query.filters, 'query.filters');
  assertBreakdown(query.breakdown, 'query.breakdown');
}
