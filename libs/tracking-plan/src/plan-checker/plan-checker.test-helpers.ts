import fc from 'fast-check';
import type { EventDefinitionDto, EventDefinitionStatus, PiiMarkDto, TrackingPlanDocumentDto } from '@fulcrum/contracts';

/** An event definition for tests: LIVE, version 1-0-0, no owner, no PII unless given. */
export function definition(name: string, properties: Record<string, unknown>, options: { status?: EventDefinitionStatus; pii?: PiiMarkDto[] } = {}): EventDefinitionDto {
  return { name, description: '', owner: null, status: options.status ?? 'LIVE', schemaVer: '1-0-0', properties, pii: options.pii ?? [], instrumentationItemIds: [] };
}

export function planOf(events: EventDefinitionDto[], traits: TrackingPlanDocumentDto['traits'] = null): TrackingPlanDocumentDto {
  return { events, traits };
}

/** Segment's e-commerce spec v2 `Order Completed`, closed: what `analytics.track({ event: 'Order Completed', properties })` is planned as. */
export const segmentOrderCompleted = (): Record<string, unknown> => ({
  type: 'object',
  properties: {
    order_id: { type: 'string', minLength: 1 },
    total: { type: 'number', minimum: 0 },
    revenue: { type: 'number', minimum: 0 },
    shipping: { type: 'number', minimum: 0, maximum: 1000 },
    discount: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 },
    coupon: { type: ['string', 'null'], pattern: '^[A-Z0-9]{4,12}$' },
    currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
    products: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        properties: { product_id: { type: 'string' }, sku: { type: 'string' }, price: { type: 'number', minimum: 0 }, quantity: { type: 'integer', minimum: 1 } },
        required: ['product_id', 'quantity'],
        additionalProperties: false,
      },
    },
  },
  required: ['order_id', 'revenue', 'currency'],
  additionalProperties: false,
});

/** The properties of a valid Segment `Order Completed` track call (analytics-node sends them as given). */
export const segmentOrderProperties = (): Record<string, unknown> => ({
  order_id: '50314b8e9bcf000000000000',
  total: 27.5,
  revenue: 25,
  shipping: 3,
  discount: 2.5,
  coupon: 'HASBROS',
  currency: 'USD',
  products: [
    { product_id: '507f1f77bcf86cd799439011', sku: '45790-32', price: 19, quantity: 1 },
    { product_id: '505bd76785ebb509fc183733', sku: '46493-32', price: 3, quantity: 2 },
  ],
});

/** posthog-node's `order completed` (apps/ingest/src/wire/fixtures/posthog-node.batch.json), planned with PostHog's own `$…` properties allowed. */
export const posthogOrderCompleted = (): Record<string, unknown> => ({
  type: 'object',
  properties: { orderId: { type: 'string' }, revenue: { type: 'number', minimum: 0 } },
  required: ['orderId'],
  patternProperties: { '^\\$': {} },
  additionalProperties: false,
});

/** What `posthog.capture({ distinctId, event: 'order completed', properties: { orderId, revenue } })` sends as properties. */
export const posthogOrderProperties = (): Record<string, unknown> => ({
  orderId: 'o-1',
  revenue: 19.99,
  $lib: 'posthog-node',
  $lib_version: '5.8.0',
  $geoip_disable: true,
});

/**
 * Random JSON values that can be recognised wherever they end up: every string and key starts with
 * `Ω` (which no plan text or violation field in these tests holds), numbers are large and non-round.
 */
const secretString = fc.string({ maxLength: 12, unit: 'grapheme' }).map((s) => `Ω${s}`);
const secretNumber = fc.oneof(fc.integer({ min: 10_000_019, max: 2_000_000_000 }), fc.double({ min: 100_003.5, max: 1e12, noNaN: true }).filter((n) => !Number.isInteger(n)));
export const { value: secretJsonValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    secretString,
    secretNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(secretString, tie('value'), { maxKeys: 4 }),
  ),
}));

/** Every recognisable piece of a value from secretJsonValue: its strings, its keys, its numbers. */
export function secretAtomsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number') into.push(String(value));
  else if (Array.isArray(value)) value.forEach((item) => secretAtomsOf(item, into));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      secretAtomsOf(item, into);
    }
  }
  return into;
}

/** `text` holds none of the atoms, neither as they are nor JSON-escaped. */
export function expectNoneOf(text: string, atoms: readonly string[]): void {
  for (const atom of atoms) {
    expect(text).not.toContain(atom);
    expect(text).not.toContain(JSON.stringify(atom).slice(1, -1));
  }
}
