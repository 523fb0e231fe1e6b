import type { CatalogPropertyDto, PropertyCatalogQuery, PropertyCatalogResultDto, PropertyValueType } from '@fulcrum/contracts';
import { assertTimeZone, resolveDateRange } from '../core/date-range.resolver';
import type { InsightScope } from '../core/insight-scope';
import { SqlParams } from '../core/sql-params';
import type { SqlRunner } from '../core/sql-runner';
import { catalogEventsSql, catalogPropertiesSql } from './property-catalog.sql';
import { normalisePropertyCatalogQuery } from './property-catalog.validation';

/**
 * The event and property catalog (docs/metrics.md "Event and property catalog"): the events in
 * scope by name, and the top-level property keys they carry with value types and most frequent
 * values. Two statements in the caller's read snapshot. Throws VALIDATION_FAILED on a bad query.
 */
export async function runPropertyCatalog(runner: SqlRunner, scope: InsightScope, query: PropertyCatalogQuery): Promise<PropertyCatalogResultDto> {
  const q = normalisePropertyCatalogQuery(query);
  await assertTimeZone(runner, scope.timeZone);
  const range = q.dateRange ? await resolveDateRange(runner, q.dateRange, scope.timeZone, 'query.dateRange') : undefined;

  const eventParams = new SqlParams();
  const eventRows = await runner.rows(catalogEventsSql(scope, eventParams, q, range), eventParams.values);
  const events = eventRows.map((r) => ({
    name: String(r['name']),
    count: Number(r['count']),
    persons: Number(r['persons']),
    firstSeen: new Date(Number(r['first_ms'])).toISOString(),
    lastSeen: new Date(Number(r['last_ms'])).toISOString(),
  }));

  const propertyParams = new SqlParams();
  const propertyRows = await runner.rows(catalogPropertiesSql(scope, propertyParams, q, range), propertyParams.values);
  const properties: CatalogPropertyDto[] = propertyRows.map((r) => ({
    key: String(r['key']),
    count: Number(r['count']),
    types: ((r['types'] as Array<{ t: string; c: unknown }> | null) ?? []).map((x) => ({ type: x.t as PropertyValueType, count: Number(x.c) })),
    topValues: ((r['top_values'] as Array<{ v: string; c: unknown }> | null) ?? []).map((x) => ({ value: String(x.v), count: Number(x.c) })),
  }));
  const totalKeys = propertyRows.length > 0 ? Number(propertyRows[0]?.['total_keys']) : 0;

  return {
    totalEvents: events.reduce((n, e) => n + e.count, 0),
    events,
    properties,
    truncated: totalKeys > properties.length,
  };
}
