import { DomainError, type PropertyCatalogQuery, type PropertyCatalogReply } from '@fulcrum/contracts';
import { toEnvelope } from './insight-common.mapper';
import type { PropertyCatalogInput } from './property-catalog.input';
import type { PropertyCatalogResult } from './property-catalog.model';
import type { WithoutNulls } from './strip-nulls';

/** `at` prefixes the field names of validation errors (e.g. `insight.propertyCatalog.`). */
export function toPropertyCatalogQuery(input: WithoutNulls<PropertyCatalogInput>, at = ''): PropertyCatalogQuery {
  return {
    ...dateRangeOf(input, at),
    ...(input.event !== undefined && { event: input.event }),
    ...(input.topValues !== undefined && { topValues: input.topValues }),
    ...(input.limit !== undefined && { limit: input.limit }),
    ...(input.order !== undefined && { order: input.order }),
  };
}

/** The range is optional here (default: all time), but only as a whole. */
function dateRangeOf(input: WithoutNulls<PropertyCatalogInput>, at: string): Pick<PropertyCatalogQuery, 'dateRange'> {
  if (input.from === undefined && input.to === undefined) return {};
  if (input.from === undefined || input.to === undefined) {
    const field = `${at}${input.from === undefined ? 'from' : 'to'}`;
    throw new DomainError('VALIDATION_FAILED', `${field} is missing: give both from and to, or neither (all time).`, { field });
  }
  return { dateRange: { from: input.from, to: input.to } };
}

export function toPropertyCatalogResult(r: PropertyCatalogReply): PropertyCatalogResult {
  return {
    ...toEnvelope(r),
    totalEvents: r.totalEvents,
    events: r.events.map((e) => ({ name: e.name, count: e.count, persons: e.persons, firstSeen: e.firstSeen, lastSeen: e.lastSeen })),
    properties: r.properties.map((p) => ({
      key: p.key,
      count: p.count,
      types: p.types.map((t) => ({ type: t.type, count: t.count })),
      topValues: p.topValues.map((v) => ({ value: v.value, count: v.count })),
    })),
    truncated: r.truncated,
  };
}
