import {
  DomainError,
  INSIGHT_LIMITS,
  PATHS_DEFAULTS,
  PATH_DIRECTIONS,
  type DateRange,
  type PathDirection,
  type PathsQuery,
  type PropertyFilter,
} from '@fulcrum/contracts';
import { assertValidFilters } from '../core/property-filter.sql';

/** A paths query with every default filled in, checked. */
export interface NormalisedPathsQuery {
  event: string;
  anchorFilters: PropertyFilter[];
  direction: PathDirection;
  depth: number;
  sessionGapMinutes: number;
  dateRange: DateRange;
  filters: PropertyFilter[];
  excludeEvents: string[];
  fanout: number;
}

function fail(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { field });
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `must be an integer from ${min} to ${max} (got ${JSON.stringify(value)}).`);
  }
  return value;
}

function eventName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > INSIGHT_LIMITS.maxEventNameLength) {
    fail(field, `must be an event name of 1 to ${INSIGHT_LIMITS.maxEventNameLength} characters.`);
  }
  return value;
}

function filterList(value: unknown, field: string): PropertyFilter[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(field, 'must be a list of property filters.');
  if (value.length > INSIGHT_LIMITS.maxFilters) fail(field, `at most ${INSIGHT_LIMITS.maxFilters} filters.`);
  value.forEach((f: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof f !== 'object' || f === null) fail(at, 'must be a property filter object.');
    const p = (f as PropertyFilter).property;
    if (typeof p !== 'string' || p.length === 0 || p.length > INSIGHT_LIMITS.maxPropertyNameLength) {
      fail(`${at}.property`, `must be a property key of 1 to ${INSIGHT_LIMITS.maxPropertyNameLength} characters.`);
    }
  });
  assertValidFilters(value as PropertyFilter[], field);
  return value as PropertyFilter[];
}

/** Checks a paths query (the rules of docs/metrics.md "Paths") and fills the defaults. */
export function normalisePathsQuery(query: PathsQuery): NormalisedPathsQuery {
  if (typeof query !== 'object' || query === null) fail('query', 'must be an object.');
  const event = eventName(query.event, 'query.event');
  const direction = query.direction ?? PATHS_DEFAULTS.direction;
  if (!(PATH_DIRECTIONS as readonly string[]).includes(direction)) fail('query.direction', `must be one of ${PATH_DIRECTIONS.join(', ')}.`);
  const depth = integerIn(query.depth, 'query.depth', 1, INSIGHT_LIMITS.maxPathDepth);
  const sessionGapMinutes = integerIn(
    query.sessionGapMinutes ?? PATHS_DEFAULTS.sessionGapMinutes,
    'query.sessionGapMinutes',
    PATHS_DEFAULTS.minSessionGapMinutes,
    PATHS_DEFAULTS.maxSessionGapMinutes,
  );
  const fanout = integerIn(query.fanout ?? PATHS_DEFAULTS.fanout, 'query.fanout', 1, INSIGHT_LIMITS.maxPathFanout);
  const range = query.dateRange;
  if (typeof range !== 'object' || range === null || typeof range.from !== 'string' || typeof range.to !== 'string') {
    fail('query.dateRange', 'is required, with from and to.');
  }
  const excludeEvents = query.excludeEvents ?? [];
  if (!Array.isArray(excludeEvents)) fail('query.excludeEvents', 'must be a list of event names.');
  if (excludeEvents.length > PATHS_DEFAULTS.maxExcludeEvents) fail('query.excludeEvents', `at most ${PATHS_DEFAULTS.maxExcludeEvents} event names.`);
  excludeEvents.forEach((e, i) => eventName(e, `query.excludeEvents[${i}]`));
  if (excludeEvents.includes(event)) fail('query.excludeEvents', `must not contain the anchor event ${JSON.stringify(event)}.`);
  return {
    event,
    anchorFilters: filterList(query.anchorFilters, 'query.anchorFilters'),
    direction,
    depth,
    sessionGapMinutes,
    dateRange: { from: range.from, to: range.to },
    filters: filterList(query.filters, 'query.filters'),
    excludeEvents: [...new Set(excludeEvents)],
    fanout,
  };
}
