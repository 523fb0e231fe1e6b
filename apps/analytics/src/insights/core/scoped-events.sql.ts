import type { PropertyFilter } from '@fulcrum/contracts';
import type { InsightScope } from './insight-scope';
import { personIdSql } from './person-id.sql';
import { personFilterPredicate } from './person-properties.sql';
import { jsonValuePredicate, propertyValueSql } from './property-filter.sql';
import type { SqlParams } from './sql-params';

/** A resolved date range: instants, `from` inclusive, `to` exclusive (ISO-8601 UTC). */
export interface ResolvedRange {
  from: string;
  to: string;
}

export interface ScopedEventsOptions {
  /** Only these event names; absent = every event. */
  events?: readonly string[];
  /** Only events in this range. */
  range?: ResolvedRange;
  /** Event and person property filters, all of which must hold. */
  filters?: readonly PropertyFilter[];
}

/**
 * The events of the scope as a subquery, one row per event, with the columns every insight uses:
 * `id`, `event`, `person_id` (as of the version), `distinct_id` (the event's own id: see
 * `personOfDistinctIdSql`), `ts` (TIMESTAMPTZ), `ts_ms` (epoch ms),
 * `local_ts` (wall-clock TIMESTAMP in the scope's time zone, for calendar buckets), `properties`.
 * Only this project, only events with a stream position ≤ the version.
 */
export function scopedEventsSql(scope: InsightScope, params: SqlParams, options: ScopedEventsOptions = {}): string {
  const person = personIdSql(scope, params, 'e');
  const where = [
    `e.project_id = ${params.addTyped(scope.projectId, 'VARCHAR')}`,
    `e.stream_seq <= ${params.addTyped(scope.dataVersion, 'UBIGINT')}`,
  ];
  if (options.events !== undefined) {
    where.push(options.events.length === 0 ? 'false' : `e.event IN (${options.events.map((n) => params.addTyped(n, 'VARCHAR')).join(', ')})`);
  }
  if (options.range) {
    where.push(`e.timestamp >= ${params.addTyped(options.range.from, 'TIMESTAMPTZ')}`);
    where.push(`e.timestamp < ${params.addTyped(options.range.to, 'TIMESTAMPTZ')}`);
  }
  for (const f of options.filters ?? []) where.push(filterPredicate(scope, params, f, 'e', person));
  return `
    SELECT e.id, e.event, ${person} AS person_id, e.distinct_id, e.timestamp AS ts, epoch_ms(e.timestamp) AS ts_ms,
           timezone(${params.addTyped(scope.timeZone, 'VARCHAR')}, e.timestamp) AS local_ts, e.properties
    FROM events e
    WHERE ${where.join('\n      AND ')}`;
}

/**
 * One filter as a predicate over an events row aliased `alias` (for step- or series-level filters
 * inside an insight's own SQL). `personSql` is the row's person expression.
 */
export function filterPredicate(scope: InsightScope, params: SqlParams, filter: PropertyFilter, alias: string, personSql: string): string {
  if (filter.type === 'person') return personFilterPredicate(scope, params, filter, personSql);
  return jsonValuePredicate(propertyValueSql(`${alias}.properties`, filter.property, params), filter, params);
}

/** All filters (AND); `true` when there are none. */
export function filtersPredicate(
  scope: InsightScope,
  params: SqlParams,
  filters: readonly PropertyFilter[] | undefined,
  alias: string,
  personSql: string,
): string {
  const parts = (filters ?? []).map((f) => filterPredicate(scope, params, f, alias, personSql));
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}
