import type { EventDefinitionDto, TrackingPlanDocumentDto } from '@fulcrum/contracts';

/** An event definition with the defaults a test does not care about. */
export function definition(name: string, properties: Record<string, unknown>, extra: Partial<EventDefinitionDto> = {}): EventDefinitionDto {
  return { name, description: '', owner: null, status: 'LIVE', schemaVer: '1-0-0', properties, pii: [], instrumentationItemIds: [], ...extra };
}

/** A shop's plan as a data scientist would publish it: required and optional, enums, nested objects, arrays, PII, a deprecated event. */
export function shopPlan(): TrackingPlanDocumentDto {
  return {
    events: [
      definition(
        'Order Completed',
        {
          type: 'object',
          properties: {
            order_id: { type: 'string', description: 'The order, as the shop numbers it.' },
            total: { type: 'number', minimum: 0 },
            currency: { type: 'string', enum: ['EUR', 'USD'] },
            coupon: { type: ['string', 'null'] },
            email: { type: 'string', format: 'email' },
            products: {
              type: 'array',
              items: {
                type: 'object',
                properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
                required: ['sku', 'quantity'],
                additionalProperties: false,
              },
            },
            shipping: {
              type: 'object',
              properties: { method: { const: 'standard' }, address: { type: 'object', properties: { country: { type: 'string' } }, required: ['country'] } },
              additionalProperties: false,
            },
          },
          required: ['order_id', 'total', 'currency'],
          additionalProperties: false,
        },
        { description: 'A customer paid for an order.', schemaVer: '2-1-0', pii: [{ pointer: '/email', rule: 'HASH' }] },
      ),
      definition('$pageview', { type: 'object', properties: { $current_url: { type: 'string' } }, patternProperties: { '^\\$': {} }, additionalProperties: false }),
      definition('Signed Up', { type: 'object', properties: { plan: { type: 'string', enum: ['free', 'pro'] }, referrer: { type: 'string' } }, required: ['plan'] }, { status: 'PLANNED' }),
      definition('Legacy Checkout', { type: 'object', properties: { step: { type: 'integer' } } }, { status: 'DEPRECATED' }),
    ],
    traits: null,
  };
}
