import {
  DomainError,
  INSIGHT_LIMITS,
  PROPERTY_CATALOG_LIMITS,
  PROPERTY_CATALOG_ORDERS,
  type DateRange,
  type PropertyCatalogOrder,
  type PropertyCatalogQuery,
} from '@fulcrum/contracts';

/** A catalog query with every default filled in, checked. */
export interface NormalisedPropertyCatalogQuery {
  dateRange?: DateRange;
  event?: string;
  topValues: number;
  limit: number;
  order: PropertyCatalogOrder;
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

/** Checks a catalog query (docs/metrics.md "Event and property catalog") and fills the defaults. */
export function normalisePropertyCatalogQuery(query: PropertyCatalogQuery | undefined): NormalisedPropertyCatalogQuery {
  const q = query ?? {};
  if (typeof q !== 'object' || q === null) fail('query', 'must be an object.');
  const out: NormalisedPropertyCatalogQuery = {
    topValues: integerIn(q.topValues ?? PROPERTY_CATALOG_LIMITS.defaultTopValues, 'query.topValues', 0, PROPERTY_CATALOG_LIMITS.maxTopValues),
    limit: integerIn(q.limit ?? PROPERTY_CATALOG_LIMITS.defaultLimit, 'query.limit', 1, PROPERTY_CATALOG_LIMITS.maxLimit),
    order: q.order ?? 'FREQUENCY',
  };
  if (!(PROPERTY_CATALOG_ORDERS as readonly string[]).includes(out.order)) fail('query.order', `must be one of ${PROPERTY_CATALOG_ORDERS.join(', ')}.`);
  if (q.event !== undefined) {
    if (typeof q.event !== 'string' || q.event.length === 0 || q.event.length > INSIGHT_LIMITS.maxEventNameLength) {
      fail('query.event', `must be an event name of 1 to ${INSIGHT_LIMITS.maxEventNameLength} characters.`);
    }
    out.event = q.event;
  }
  if (q.dateRange !== undefined) {
    const r = q.dateRange;
    if (typeof r !== 'object' || r === null || typeof r.from !== 'string' || typeof r.to !== 'string') fail('query.dateRange', 'needs from and to.');
    out.dateRange = { from: r.from, to: r.to };
  }
  return out;
}
