import Ajv2020 from 'ajv/dist/2020';
import type { PlanViolationDto } from '@fulcrum/contracts';
import { PLAN_VIOLATION_CODES } from '@fulcrum/contracts';
import { PII_HASH_PREFIX } from '../pii/pii.transformer';
import { TrackingPlanCompileError, compileTrackingPlan } from './plan.checker';
import { definition, planOf, posthogOrderCompleted, posthogOrderProperties, segmentOrderCompleted, segmentOrderProperties } from './plan-checker.test-helpers';
import { MAX_EXPECTED_LENGTH, MAX_VIOLATIONS_PER_EVENT } from './violation.mapper';

const v = (code: PlanViolationDto['code'], pointer: string, expected: string | null = null, received: string | null = null): PlanViolationDto => ({ code, pointer, expected, received });

/** One LIVE event `E` with this properties schema, compiled. */
const single = (schema: Record<string, unknown>) => compileTrackingPlan(planOf([definition('E', schema)]), 1);
const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });

describe('compileTrackingPlan: events as official SDKs send them', () => {
  const plan = compileTrackingPlan(
    planOf([
      definition('Order Completed', segmentOrderCompleted()),
      definition('order completed', posthogOrderCompleted()),
      definition('Signed Up', object({ plan: { type: 'string', enum: ['free', 'pro'] } }, { additionalProperties: false })),
      definition('Trial Started', object({ plan: { type: 'string' } }), { status: 'PLANNED' }),
      definition('Checkout Started', object({ step: { type: 'integer' } }), { status: 'DEPRECATED' }),
    ]),
    7,
  );

  it('carries its plan version', () => {
    expect(plan.planVersion).toBe(7);
  });

  it('a valid Segment track and a valid posthog-node capture ($lib, $lib_version allowed by patternProperties) have no violation', () => {
    expect(plan.checkEvent('Order Completed', segmentOrderProperties())).toEqual([]);
    expect(plan.checkEvent('order completed', posthogOrderProperties())).toEqual([]);
  });

  it('a PLANNED event that arrives is the plan coming true, not a violation', () => {
    expect(plan.checkEvent('Trial Started', { plan: 'pro', $lib: 'posthog-node', $lib_version: '5.8.0' })).toEqual([]);
  });

  it('UNPLANNED_EVENT: one violation for the whole event (names compare exactly), its properties unchecked', () => {
    expect(plan.checkEvent('$pageview', { $current_url: 'https://example.com/pricing', $lib: 'posthog-node' })).toEqual([v('UNPLANNED_EVENT', '')]);
    expect(plan.checkEvent('order Completed', segmentOrderProperties())).toEqual([v('UNPLANNED_EVENT', '')]);
    expect(plan.hasEvent('order Completed')).toBe(false);
    expect(plan.hasEvent('Order Completed')).toBe(true);
  });

  it('DEPRECATED_EVENT: first, then the property violations', () => {
    expect(plan.checkEvent('Checkout Started', { step: 2 })).toEqual([v('DEPRECATED_EVENT', '')]);
    expect(plan.checkEvent('Checkout Started', { step: '2' })).toEqual([v('DEPRECATED_EVENT', ''), v('WRONG_TYPE', '/step', 'integer', 'string')]);
  });

  it('MISSING_REQUIRED_PROPERTY: the missing property pointer, with its planned type', () => {
    const { order_id: _id, currency: _currency, ...rest } = segmentOrderProperties();
    const products = [{ product_id: 'p-1' }];
    expect(plan.checkEvent('Order Completed', { ...rest, products })).toEqual([
      v('MISSING_REQUIRED_PROPERTY', '/currency', 'string'),
      v('MISSING_REQUIRED_PROPERTY', '/order_id', 'string'),
      v('MISSING_REQUIRED_PROPERTY', '/products/0/quantity', 'integer'),
    ]);
    const { orderId: _orderId, ...posthog } = posthogOrderProperties();
    expect(plan.checkEvent('order completed', posthog)).toEqual([v('MISSING_REQUIRED_PROPERTY', '/orderId', 'string')]);
  });

  it('WRONG_TYPE: the planned type(s) and the JSON type received', () => {
    const properties = { ...segmentOrderProperties(), revenue: '25.00', coupon: 42, products: [{ product_id: 'p', quantity: 1.5 }] };
    expect(plan.checkEvent('Order Completed', properties)).toEqual([
      v('WRONG_TYPE', '/coupon', 'string|null', 'integer'),
      v('WRONG_TYPE', '/products/0/quantity', 'integer', 'number'),
      v('WRONG_TYPE', '/revenue', 'number', 'string'),
    ]);
    expect(plan.checkEvent('order completed', { ...posthogOrderProperties(), revenue: null })).toEqual([v('WRONG_TYPE', '/revenue', 'number', 'null')]);
  });

  it('NOT_IN_ENUM: the allowed values from the plan', () => {
    expect(plan.checkEvent('Order Completed', { ...segmentOrderProperties(), currency: 'usd' })).toEqual([v('NOT_IN_ENUM', '/currency', '["EUR","USD","GBP"]', 'string')]);
  });

  it('PATTERN_MISMATCH: the pattern from the plan', () => {
    expect(plan.checkEvent('Order Completed', { ...segmentOrderProperties(), coupon: 'summer-sale' })).toEqual([v('PATTERN_MISMATCH', '/coupon', 'pattern ^[A-Z0-9]{4,12}$', 'string')]);
  });

  it('OUT_OF_RANGE: the bound, as `<op> <limit>`', () => {
    const products = Array.from({ length: 51 }, (_, i) => ({ product_id: `p${i}`, quantity: 1 }));
    expect(plan.checkEvent('Order Completed', { ...segmentOrderProperties(), order_id: '', revenue: -1, shipping: 1000.5, discount: 100, products })).toEqual([
      v('OUT_OF_RANGE', '/discount', '< 100', 'integer'),
      v('OUT_OF_RANGE', '/order_id', 'length >= 1', 'string'),
      v('OUT_OF_RANGE', '/products', 'items <= 50', 'array'),
      v('OUT_OF_RANGE', '/revenue', '>= 0', 'integer'),
      v('OUT_OF_RANGE', '/shipping', '<= 1000', 'number'),
    ]);
    expect(plan.checkEvent('Order Completed', { ...segmentOrderProperties(), discount: 0, products: [{ product_id: 'p', quantity: 0 }] })).toEqual([
      v('OUT_OF_RANGE', '/discount', '> 0', 'integer'),
      v('OUT_OF_RANGE', '/products/0/quantity', '>= 1', 'integer'),
    ]);
  });

  it('UNPLANNED_PROPERTY: the extra property, with its JSON type; PostHog’s own $… properties too where the plan does not allow them', () => {
    expect(plan.checkEvent('Order Completed', { ...segmentOrderProperties(), affiliation: 'Google Store', products: [{ product_id: 'p', quantity: 1, url: 'https://x' }] })).toEqual([
      v('UNPLANNED_PROPERTY', '/affiliation', null, 'string'),
      v('UNPLANNED_PROPERTY', '/products/0/url', null, 'string'),
    ]);
    expect(plan.checkEvent('Signed Up', { plan: 'pro', $lib: 'posthog-node', $lib_version: '5.8.0', $geoip_disable: true })).toEqual([
      v('UNPLANNED_PROPERTY', '/$geoip_disable', null, 'boolean'),
      v('UNPLANNED_PROPERTY', '/$lib', null, 'string'),
      v('UNPLANNED_PROPERTY', '/$lib_version', null, 'string'),
    ]);
  });

  it('several codes at once, sorted by pointer then code', () => {
    const { order_id: _id, ...rest } = segmentOrderProperties();
    const violations = plan.checkEvent('Order Completed', { ...rest, currency: 5, coupon: 'x', zeta: 1, alpha: [] });
    expect(violations).toEqual([
      v('UNPLANNED_PROPERTY', '/alpha', null, 'array'),
      v('PATTERN_MISMATCH', '/coupon', 'pattern ^[A-Z0-9]{4,12}$', 'string'),
      v('WRONG_TYPE', '/currency', 'string', 'integer'),
      v('NOT_IN_ENUM', '/currency', '["EUR","USD","GBP"]', 'integer'),
      v('MISSING_REQUIRED_PROPERTY', '/order_id', 'string'),
      v('UNPLANNED_PROPERTY', '/zeta', null, 'integer'),
    ]);
    expect(violations.map((x) => x.code).every((code) => PLAN_VIOLATION_CODES.includes(code))).toBe(true);
  });

  it('answers the same, in the same order, every time', () => {
    const properties = { ...segmentOrderProperties(), currency: 5, coupon: 'x', zeta: 1 };
    const first = plan.checkEvent('Order Completed', properties);
    for (let i = 0; i < 5; i++) expect(plan.checkEvent('Order Completed', properties)).toEqual(first);
  });
});

describe('compileTrackingPlan: the other keywords, mapped to the closest code', () => {
  it('string formats → PATTERN_MISMATCH naming the format; const → NOT_IN_ENUM', () => {
    const plan = single(object({ email: { type: 'string', format: 'email' }, kind: { const: 'web' }, at: { type: 'string', format: 'date-time' } }));
    expect(plan.checkEvent('E', { email: 'not an address', kind: 'ios', at: '2026-13-01' })).toEqual([
      v('PATTERN_MISMATCH', '/at', 'format date-time', 'string'),
      v('PATTERN_MISMATCH', '/email', 'format email', 'string'),
      v('NOT_IN_ENUM', '/kind', '["web"]', 'string'),
    ]);
  });

  it('multipleOf, uniqueItems, minProperties, maxLength, minItems, tuple items → OUT_OF_RANGE', () => {
    const plan = single(
      object({
        step: { type: 'integer', multipleOf: 5 },
        tags: { type: 'array', uniqueItems: true, minItems: 1 },
        empty: { type: 'array', minItems: 1 },
        meta: { type: 'object', minProperties: 1, maxProperties: 2 },
        big: { type: 'object', maxProperties: 1 },
        name: { type: 'string', maxLength: 3 },
        pair: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false, minItems: 2 },
      }),
    );
    expect(plan.checkEvent('E', { step: 7, tags: ['a', 'a'], empty: [], meta: {}, big: { a: 1, b: 2 }, name: 'abcd', pair: [1, 2, 3] })).toEqual([
      v('OUT_OF_RANGE', '/big', 'properties <= 1', 'object'),
      v('OUT_OF_RANGE', '/empty', 'items >= 1', 'array'),
      v('OUT_OF_RANGE', '/meta', 'properties >= 1', 'object'),
      v('OUT_OF_RANGE', '/name', 'length <= 3', 'string'),
      v('OUT_OF_RANGE', '/pair', 'items <= 2', 'array'),
      v('OUT_OF_RANGE', '/step', 'multiple of 5', 'integer'),
      v('OUT_OF_RANGE', '/tags', 'unique items', 'array'),
    ]);
  });

  it('contains → one OUT_OF_RANGE naming how many items must match (the items that need not match are not reported)', () => {
    const plan = single(object({ ids: { type: 'array', contains: { type: 'integer' } }, few: { type: 'array', contains: { const: 'x' }, minContains: 2, maxContains: 3 } }));
    expect(plan.checkEvent('E', { ids: ['a', 'b'], few: ['x'] })).toEqual([v('OUT_OF_RANGE', '/few', 'matching items 2..3', 'array'), v('OUT_OF_RANGE', '/ids', 'matching items >= 1', 'array')]);
    expect(plan.checkEvent('E', { ids: ['a', 3], few: ['x', 'x', 'y'] })).toEqual([]);
  });

  it('unevaluatedProperties, propertyNames and a false schema → UNPLANNED_PROPERTY', () => {
    const plan = single({
      type: 'object',
      allOf: [object({ a: { type: 'string' } })],
      properties: { legacy: false, labels: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } } },
      unevaluatedProperties: false,
    });
    expect(plan.checkEvent('E', { a: 'x', legacy: 1, labels: { ok: 1, 'Not-OK': 2 }, extra: null })).toEqual([
      v('UNPLANNED_PROPERTY', '/extra', null, 'null'),
      v('UNPLANNED_PROPERTY', '/labels/Not-OK', null, 'integer'),
      v('UNPLANNED_PROPERTY', '/legacy', null, 'integer'),
    ]);
  });

  it('dependentRequired → MISSING_REQUIRED_PROPERTY', () => {
    const plan = single(object({ coupon: { type: 'string' }, discount: { type: 'number' } }, { dependentRequired: { coupon: ['discount'] } }));
    expect(plan.checkEvent('E', { coupon: 'X' })).toEqual([v('MISSING_REQUIRED_PROPERTY', '/discount', 'number')]);
  });

  it('anyOf/oneOf of types → WRONG_TYPE naming every type; of values → NOT_IN_ENUM naming every value', () => {
    const plan = single(
      object({
        id: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        size: { oneOf: [{ const: 'S' }, { const: 'M' }, { enum: ['L', 'XL'] }] },
      }),
    );
    expect(plan.checkEvent('E', { id: 1.5, size: 'XXL' })).toEqual([v('WRONG_TYPE', '/id', 'string|integer', 'number'), v('NOT_IN_ENUM', '/size', '["S","M","L","XL"]', 'string')]);
    expect(plan.checkEvent('E', { id: 'a', size: 'M' })).toEqual([]);
  });

  it('anyOf where one alternative admits the value’s type → that alternative’s own errors, the others’ dropped', () => {
    const plan = single({
      type: 'object',
      $defs: { address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      properties: { shipTo: { anyOf: [{ $ref: '#/$defs/address' }, { type: 'null' }] }, billTo: { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'null' }] } },
    });
    expect(plan.checkEvent('E', { shipTo: { zip: '1' }, billTo: 'FRA' })).toEqual([v('OUT_OF_RANGE', '/billTo', 'length <= 2', 'string'), v('MISSING_REQUIRED_PROPERTY', '/shipTo/city', 'string')]);
    expect(plan.checkEvent('E', { shipTo: 3 })).toEqual([v('WRONG_TYPE', '/shipTo', 'object|null', 'integer')]);
    expect(plan.checkEvent('E', { shipTo: null, billTo: null })).toEqual([]);
  });

  it('anyOf with several alternatives of the value’s type, oneOf matching twice, not → PATTERN_MISMATCH', () => {
    const plan = single(
      object({
        ref: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'string', pattern: '^ord_' }] },
        amount: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
        name: { type: 'string', not: { const: 'admin' } },
      }),
    );
    expect(plan.checkEvent('E', { ref: 'x', amount: 3, name: 'admin' })).toEqual([
      v('PATTERN_MISMATCH', '/amount', 'oneOf: exactly one of 2 schemas', 'integer'),
      v('PATTERN_MISMATCH', '/name', 'not {"const":"admin"}', 'string'),
      v('PATTERN_MISMATCH', '/ref', 'anyOf: at least one of 2 schemas', 'string'),
    ]);
  });

  it('if/then/else → the errors of the branch that applies', () => {
    const plan = single(
      object(
        { method: { type: 'string' }, card_last4: { type: 'string', pattern: '^[0-9]{4}$' } },
        {
          if: object({ method: { const: 'card' } }, { required: ['method'] }),
          then: object({ card_last4: { type: 'string' } }, { required: ['card_last4'] }),
          else: object({ card_last4: false }),
        },
      ),
    );
    expect(plan.checkEvent('E', { method: 'card' })).toEqual([v('MISSING_REQUIRED_PROPERTY', '/card_last4', 'string')]);
    expect(plan.checkEvent('E', { method: 'cash', card_last4: '1234' })).toEqual([v('UNPLANNED_PROPERTY', '/card_last4', null, 'string')]);
    expect(plan.checkEvent('E', { method: 'card', card_last4: '1234' })).toEqual([]);
  });

  it('one violation per (code, pointer): two failing bounds on the same value make one', () => {
    const plan = single(object({ n: { type: 'number', allOf: [{ minimum: 0 }, { minimum: 10 }] } }));
    expect(plan.checkEvent('E', { n: -1 })).toEqual([v('OUT_OF_RANGE', '/n', '>= 0', 'integer')]);
  });

  it('recursive $ref ("#") works', () => {
    const plan = single(object({ name: { type: 'string' }, child: { $ref: '#' } }, { additionalProperties: false }));
    expect(plan.checkEvent('E', { name: 'a', child: { name: 'b', child: { name: 3 } } })).toEqual([v('WRONG_TYPE', '/child/child/name', 'string', 'integer')]);
  });

  it('cuts a long expected (an enum of many values) to MAX_EXPECTED_LENGTH characters', () => {
    const values = Array.from({ length: 100 }, (_, i) => `value number ${i}`);
    const [violation] = single(object({ e: { type: 'string', enum: values } })).checkEvent('E', { e: 'other' });
    expect(violation.expected).toHaveLength(MAX_EXPECTED_LENGTH);
    expect(violation.expected?.endsWith('…')).toBe(true);
    expect(JSON.stringify(values).startsWith(violation.expected?.slice(0, -1) ?? '?')).toBe(true);
  });
});

describe('compileTrackingPlan: what violations never hold', () => {
  it('a value of the event: received is a JSON type name, expected comes from the plan', () => {
    const plan = compileTrackingPlan(planOf([definition('Order Completed', segmentOrderCompleted())]), 1);
    const secret = 'SECRET-7f3a';
    const violations = plan.checkEvent('Order Completed', { order_id: 7, revenue: secret, currency: secret, coupon: secret, products: [secret] });
    expect(violations.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(violations)).not.toContain(secret);
    expect(JSON.stringify(violations)).not.toContain('7f3a');
  });

  it('any name or position inside a PII value: a violation below a PII mark names the mark only, with no expected or received', () => {
    const plan = compileTrackingPlan(
      planOf([
        definition('Signed Up', object({ address: object({ street: { type: 'string' } }, { additionalProperties: false }), emails: { type: 'array', items: { type: 'string', format: 'email' } } }), {
          pii: [
            { pointer: '/address', rule: 'HASH' },
            { pointer: '/emails', rule: 'DROP' },
          ],
        }),
      ]),
      1,
    );
    const violations = plan.checkEvent('Signed Up', { address: { 'ada@example.com': 'x', street: 5 }, emails: ['ok@example.com', 'ada lovelace'] });
    expect(violations).toEqual([v('WRONG_TYPE', '/address'), v('UNPLANNED_PROPERTY', '/address'), v('PATTERN_MISMATCH', '/emails')]);
    // At the marked property itself the JSON type is a type, not a value: named as usual.
    expect(plan.checkEvent('Signed Up', { address: 'Baker Street 221b' })).toEqual([v('WRONG_TYPE', '/address', 'object', 'string')]);
  });
});

describe('compileTrackingPlan: hostile events', () => {
  const plan = compileTrackingPlan(
    planOf([
      definition('Order Completed', segmentOrderCompleted()),
      definition(
        'Open',
        object({
          name: { type: 'string', maxLength: 3, pattern: '^.{2,3}$' },
          n: { type: 'number', maximum: 1e300 },
          z: { type: 'integer', exclusiveMinimum: 0 },
          constructor: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          payload: { type: 'object' },
          pairs: { type: 'array', uniqueItems: true },
        }),
      ),
      definition('Needs Constructor', object({ constructor: { type: 'string' } }, { required: ['constructor'] })),
      definition('🚀 Launched', object({ emoji: { type: 'string', enum: ['🚀', '👩🏽‍💻'] } })),
    ]),
    1,
  );

  it('nesting thousands of levels deep below where the plan looks is neither walked nor a problem', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(plan.checkEvent('Open', { payload: deep as Record<string, unknown> })).toEqual([]);
    // uniqueItems compares items in depth: two equal values 5,000 levels deep (the ingest limit is 64).
    const nested = (): unknown => Array.from({ length: 5_000 }).reduce<unknown>((inner) => [inner], 'x');
    expect(plan.checkEvent('Open', { pairs: [nested(), nested()] })).toEqual([v('OUT_OF_RANGE', '/pairs', 'unique items', 'array')]);
    expect(plan.checkEvent('Order Completed', { ...segmentOrderProperties(), deep })).toEqual([v('UNPLANNED_PROPERTY', '/deep', null, 'object')]);
  });

  it(`a huge array of bad items gives at most ${MAX_VIOLATIONS_PER_EVENT} violations, the first ones in pointer order`, () => {
    const tags = Array.from({ length: 100_000 }, (_, i) => i);
    const violations = plan.checkEvent('Open', { tags });
    expect(violations).toHaveLength(MAX_VIOLATIONS_PER_EVENT);
    expect(violations[0]).toEqual(v('WRONG_TYPE', '/tags/0', 'string', 'integer'));
    expect(violations.every((x) => x.code === 'WRONG_TYPE' && x.pointer.startsWith('/tags/'))).toBe(true);
    expect(plan.checkEvent('Order Completed', { ...segmentOrderProperties(), products: Array.from({ length: 100_000 }, () => ({})) })).toHaveLength(MAX_VIOLATIONS_PER_EVENT);
  });

  it('__proto__ and constructor keys are own properties like any other, never the inherited ones', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "order_id": "o", "revenue": 1, "currency": "EUR"}') as Record<string, unknown>;
    expect(plan.checkEvent('Order Completed', parsed)).toEqual([v('UNPLANNED_PROPERTY', '/__proto__', null, 'object')]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(plan.checkEvent('Needs Constructor', {})).toEqual([v('MISSING_REQUIRED_PROPERTY', '/constructor', 'string')]);
    expect(plan.checkEvent('Needs Constructor', JSON.parse('{"constructor": "x"}') as Record<string, unknown>)).toEqual([]);
    expect(plan.checkEvent('Open', JSON.parse('{"constructor": 1, "toString": 2, "hasOwnProperty": 3}') as Record<string, unknown>)).toEqual([v('WRONG_TYPE', '/constructor', 'string', 'integer')]);
  });

  it('non-BMP strings: lengths in code points, patterns in Unicode mode, names and enums compared exactly', () => {
    expect(plan.checkEvent('Open', { name: '😀😀😀' })).toEqual([]);
    expect(plan.checkEvent('Open', { name: '😀😀😀😀' })).toEqual([v('PATTERN_MISMATCH', '/name', 'pattern ^.{2,3}$', 'string'), v('OUT_OF_RANGE', '/name', 'length <= 3', 'string')]);
    expect(plan.checkEvent('🚀 Launched', { emoji: '👩🏽‍💻' })).toEqual([]);
    expect(plan.checkEvent('🚀 Launched', { emoji: '👩‍💻' })).toEqual([v('NOT_IN_ENUM', '/emoji', '["🚀","👩🏽‍💻"]', 'string')]);
    expect(plan.checkEvent('🚀 Launche', {})).toEqual([v('UNPLANNED_EVENT', '')]);
  });

  it('numbers at the edges: 1e308 is an integer above the maximum, -0 is an integer not above 0', () => {
    expect(plan.checkEvent('Open', { n: 1e308, z: -0 })).toEqual([v('OUT_OF_RANGE', '/n', '<= 1e+300', 'integer'), v('OUT_OF_RANGE', '/z', '> 0', 'integer')]);
    expect(plan.checkEvent('Open', { n: Number.MIN_VALUE, z: 1 })).toEqual([]);
    expect(plan.checkEvent('Open', { n: Number.NaN })).toEqual([v('WRONG_TYPE', '/n', 'number', 'number')]);
  });

  it('properties that are not an object at all', () => {
    expect(plan.checkEvent('Open', null as unknown as Record<string, unknown>)).toEqual([v('WRONG_TYPE', '', 'object', 'null')]);
    expect(plan.checkEvent('Open', [] as unknown as Record<string, unknown>)).toEqual([v('WRONG_TYPE', '', 'object', 'array')]);
  });
});

describe('compileTrackingPlan: traits, redacted events, reuse, errors', () => {
  const traits = {
    schemaVer: '1-0-0',
    properties: object({ email: { type: 'string', format: 'email' }, plan: { type: 'string', enum: ['free', 'pro'] }, phone: { type: 'string', pattern: '^\\+[0-9]+$' } }, { required: ['email', 'phone'] }),
    pii: [
      { pointer: '/email', rule: 'HASH' as const },
      { pointer: '/phone', rule: 'DROP' as const },
    ],
  };
  const document = planOf(
    [definition('Signed Up', object({ email: { type: 'string', format: 'email' }, source: { type: 'string' } }, { required: ['email'] }), { pii: [{ pointer: '/email', rule: 'HASH' }] })],
    traits,
  );

  it('checkTraits checks identify traits (Segment identify, PostHog $set); without a traits definition there is nothing to violate', () => {
    const plan = compileTrackingPlan(document, 2);
    expect(plan.checkTraits({ email: 'ada@example.com', plan: 'pro', phone: '+4420' })).toEqual([]);
    expect(plan.checkTraits({ email: 'ada', plan: 'enterprise' })).toEqual([v('PATTERN_MISMATCH', '/email', 'format email', 'string'), v('MISSING_REQUIRED_PROPERTY', '/phone', 'string'), v('NOT_IN_ENUM', '/plan', '["free","pro"]', 'string')]);
    expect(compileTrackingPlan(planOf([]), 1).checkTraits({ anything: [1] })).toEqual([]);
  });

  it('checkRedactedEvent / checkRedactedTraits: a HASHed value is not held to its format, a DROPped property is not missing', () => {
    const plan = compileTrackingPlan(document, 2);
    const hashed = `${PII_HASH_PREFIX}${'ab'.repeat(32)}`;
    expect(plan.checkEvent('Signed Up', { email: hashed })).toEqual([v('PATTERN_MISMATCH', '/email', 'format email', 'string')]);
    expect(plan.checkRedactedEvent('Signed Up', { email: hashed })).toEqual([]);
    expect(plan.checkRedactedEvent('Signed Up', { email: hashed, source: 3 })).toEqual([v('WRONG_TYPE', '/source', 'string', 'integer')]);
    expect(plan.checkRedactedEvent('Signed Up', {})).toEqual([v('MISSING_REQUIRED_PROPERTY', '/email')]); // HASH keeps it required
    expect(plan.checkTraits({ email: hashed })).toEqual([v('PATTERN_MISMATCH', '/email', 'format email', 'string'), v('MISSING_REQUIRED_PROPERTY', '/phone', 'string')]);
    expect(plan.checkRedactedTraits({ email: hashed, plan: 'pro' })).toEqual([]);
    expect(plan.checkRedactedTraits({ email: hashed, plan: 'gold' })).toEqual([v('NOT_IN_ENUM', '/plan', '["free","pro"]', 'string')]);
    expect(plan.checkRedactedEvent('Nope', {})).toEqual([v('UNPLANNED_EVENT', '')]);
    // The document itself is untouched by the redacted variant.
    expect(traits.properties).toEqual(object({ email: { type: 'string', format: 'email' }, plan: { type: 'string', enum: ['free', 'pro'] }, phone: { type: 'string', pattern: '^\\+[0-9]+$' } }, { required: ['email', 'phone'] }));
  });

  it('exposes the version’s PII rules', () => {
    const plan = compileTrackingPlan(document, 2);
    expect(plan.pii.hasRules('Signed Up')).toBe(true);
    expect(plan.pii.redactEvent('Signed Up', { email: 'ada@example.com' }, Buffer.alloc(32, 1))['email']).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });

  it('with the previous version, takes its unchanged definitions and compiles the changed ones', () => {
    const first = compileTrackingPlan(document, 2);
    const changed = planOf(
      [
        definition('Signed Up', object({ email: { type: 'string', format: 'email' }, source: { type: 'string' } }, { required: ['email'] }), { pii: [{ pointer: '/email', rule: 'HASH' }], status: 'DEPRECATED' }),
        definition('Logged In', object({ method: { type: 'string', enum: ['password', 'sso'] } })),
      ],
      { ...traits, properties: object({ email: { type: 'string' } }) },
    );
    const compiles = jest.spyOn(Ajv2020.prototype, 'compile');
    let second;
    try {
      second = compileTrackingPlan(changed, 3, { previous: first });
      // `Signed Up` is taken from the first version (its status alone changed); `Logged In` and the traits are new.
      expect(compiles).toHaveBeenCalledTimes(2);
      compiles.mockClear();
      compileTrackingPlan(changed, 3);
      expect(compiles).toHaveBeenCalledTimes(3);
    } finally {
      compiles.mockRestore();
    }
    expect(second.planVersion).toBe(3);
    expect(second.checkEvent('Signed Up', { email: 'x' })).toEqual([v('DEPRECATED_EVENT', ''), v('PATTERN_MISMATCH', '/email', 'format email', 'string')]);
    expect(second.checkEvent('Logged In', { method: 'magic' })).toEqual([v('NOT_IN_ENUM', '/method', '["password","sso"]', 'string')]);
    expect(second.checkTraits({ email: 'x' })).toEqual([]);
    // The first version answers as before.
    expect(first.checkEvent('Signed Up', { email: 'x' })).toEqual([v('PATTERN_MISMATCH', '/email', 'format email', 'string')]);
    expect(first.checkEvent('Logged In', {})).toEqual([v('UNPLANNED_EVENT', '')]);
  });

  it('ignores x-… keywords, as the rest of the plan does', () => {
    const plan = single(object({ a: { type: 'string', 'x-owner': 'growth' } }, { 'x-source': 'avo' }));
    expect(plan.checkEvent('E', { a: 1 })).toEqual([v('WRONG_TYPE', '/a', 'string', 'integer')]);
  });

  it('throws TrackingPlanCompileError on a schema ajv refuses, a remote $ref, or a name defined twice', () => {
    expect(() => single(object({ a: { type: 'string' } }, { requird: ['a'] }))).toThrow(TrackingPlanCompileError);
    expect(() => single(object({ a: { $ref: 'https://example.com/a.json' } }))).toThrow(/\/events\/0\/properties: can't resolve reference/);
    expect(() => compileTrackingPlan(planOf([definition('A', object({})), definition('A', object({}))]), 1)).toThrow(/\/events\/1\/name: event "A" is defined twice/);
  });
});
