/**
 * Brute-force reference of the event and property catalog, written from docs/metrics.md "Event
 * and property catalog" and NOT from the engine's SQL: count by walking every event in scope.
 */
import type { CatalogEventDto, CatalogPropertyDto, PropertyCatalogQuery, PropertyCatalogResultDto, PropertyValueType } from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';
import { asOf, normalise, personOf } from './common.reference';
import { rangeOf } from './paths.reference';

function typeOf(v: unknown): PropertyValueType {
  if (v === null) return 'NULL';
  if (Array.isArray(v)) return 'ARRAY';
  if (typeof v === 'string') return 'STRING';
  if (typeof v === 'number') return 'NUMBER';
  if (typeof v === 'boolean') return 'BOOLEAN';
  return 'OBJECT';
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function referencePropertyCatalog(
  events: readonly TestEvent[],
  query: PropertyCatalogQuery,
  options: { version: number; timeZone: string },
): PropertyCatalogResultDto {
  const range = query.dateRange ? rangeOf(query.dateRange, options.timeZone) : undefined;
  const inScope = asOf(normalise(events), options.version).filter((e) => {
    const t = Date.parse(e.timestamp);
    if (range && (t < range.from || t >= range.to)) return false;
    return query.event === undefined || e.event === query.event;
  });
  const byName = (query.order ?? 'FREQUENCY') === 'NAME';

  const perEvent = new Map<string, { count: number; persons: Set<string>; first: number; last: number }>();
  const perKey = new Map<string, { count: number; types: Map<PropertyValueType, number>; values: Map<string, number> }>();
  for (const e of inScope) {
    const t = Date.parse(e.timestamp);
    const s = perEvent.get(e.event) ?? { count: 0, persons: new Set<string>(), first: t, last: t };
    s.count += 1;
    s.persons.add(personOf(e, options.version));
    s.first = Math.min(s.first, t);
    s.last = Math.max(s.last, t);
    perEvent.set(e.event, s);
    for (const [key, v] of Object.entries(e.properties)) {
      const k = perKey.get(key) ?? { count: 0, types: new Map(), values: new Map() };
      k.count += 1;
      const type = typeOf(v);
      k.types.set(type, (k.types.get(type) ?? 0) + 1);
      if (type === 'STRING' || type === 'NUMBER' || type === 'BOOLEAN') {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        k.values.set(text, (k.values.get(text) ?? 0) + 1);
      }
      perKey.set(key, k);
    }
  }

  const eventList: CatalogEventDto[] = [...perEvent.entries()]
    .map(([name, s]) => ({ name, count: s.count, persons: s.persons.size, firstSeen: new Date(s.first).toISOString(), lastSeen: new Date(s.last).toISOString() }))
    .sort((a, b) => (byName ? cmp(a.name, b.name) : b.count - a.count || cmp(a.name, b.name)));
  const all: CatalogPropertyDto[] = [...perKey.entries()]
    .map(([key, k]) => ({
      key,
      count: k.count,
      types: [...k.types.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || cmp(a.type, b.type)),
      topValues: [...k.values.entries()]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || cmp(a.value, b.value))
        .slice(0, query.topValues ?? 5),
    }))
    .sort((a, b) => (byName ? cmp(a.key, b.key) : b.count - a.count || cmp(a.key, b.key)));
  const limit = query.limit ?? 100;
  return { totalEvents: inScope.length, events: eventList, properties: all.slice(0, limit), truncated: all.length > limit };
}
