import type { EventDefinitionDto, PiiMarkDto, TrackingPlanDocumentDto } from '@fulcrum/contracts';
import { TRACKING_PLAN_LIMITS } from '@fulcrum/contracts';
import { syntheticTrackingPlan } from '../plan-checker/synthetic-plan.builder';
import { PLAN_DOCUMENT_PROBLEM_CODES, checkPlanDocument } from './plan-document.checks';

/** Segment's e-commerce spec `Order Completed`, as a plan author would write it. */
const orderCompleted = (): Record<string, unknown> => ({
  type: 'object',
  properties: {
    order_id: { type: 'string', description: 'The order' },
    revenue: { type: 'number', minimum: 0 },
    currency: { type: 'string', enum: ['EUR', 'USD'] },
    customer: { type: 'object', properties: { email: { type: 'string', format: 'email' }, address: { type: 'object', properties: { street: { type: 'string' } } } } },
    products: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
  required: ['order_id'],
});

const event = (name: string, properties: Record<string, unknown> = orderCompleted(), pii: PiiMarkDto[] = []): EventDefinitionDto => ({
  name,
  description: '',
  owner: null,
  status: 'LIVE',
  schemaVer: '1-0-0',
  properties,
  pii,
  instrumentationItemIds: [],
});

const doc = (events: EventDefinitionDto[], traits: TrackingPlanDocumentDto['traits'] = null): TrackingPlanDocumentDto => ({ events, traits });
const codesAndPaths = (document: TrackingPlanDocumentDto) => checkPlanDocument(document).map(({ path, code }) => ({ path, code }));

describe('checkPlanDocument', () => {
  it('finds nothing wrong with a sound plan (annotations and x-… keywords included) or the 100 × 10 synthetic plan', () => {
    const withExtensions = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...orderCompleted(), 'x-owner': 'growth', properties: { ...(orderCompleted()['properties'] as object), coupon: { type: 'string', 'x-pii': 'maybe', examples: ['SUMMER'] } } };
    const traits = { schemaVer: '1-0-0', properties: { type: 'object', properties: { email: { type: 'string', format: 'email' } } }, pii: [{ pointer: '/email', rule: 'HASH' as const }] };
    expect(checkPlanDocument(doc([event('Order Completed', withExtensions, [{ pointer: '/customer/email', rule: 'HASH' }]), event('Signed Up')], traits))).toEqual([]);
    expect(checkPlanDocument(syntheticTrackingPlan())).toEqual([]);
  });

  it('names every code it documents', () => {
    expect(PLAN_DOCUMENT_PROBLEM_CODES).toEqual([
      'DUPLICATE_EVENT_NAME',
      'INVALID_SCHEMA',
      'NOT_AN_OBJECT_SCHEMA',
      'REMOTE_REF',
      'UNSUPPORTED_KEYWORD',
      'TOO_DEEP',
      'UNKNOWN_PII_POINTER',
      'DUPLICATE_PII_POINTER',
      'NESTED_PII_POINTER',
    ]);
  });

  it('DUPLICATE_EVENT_NAME: names compare exactly; the later definition is named', () => {
    const problems = checkPlanDocument(doc([event('Order Completed'), event('order completed'), event('Order Completed')]));
    expect(problems).toEqual([{ path: '/events/2/name', code: 'DUPLICATE_EVENT_NAME', message: 'event "Order Completed" is already defined at /events/0' }]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a misspelt keyword (strict mode)', { type: 'object', properties: { a: { type: 'string' } }, requird: ['a'] }, /unknown keyword: "requird"/],
    ['an unknown format', { type: 'object', properties: { a: { type: 'string', format: 'emial' } } }, /unknown format "emial"/],
    ['a required property that is not declared', { type: 'object', properties: { a: { type: 'string' } }, required: ['b'] }, /required property "b" is not defined/],
    ['a type-specific keyword without its type', { type: 'object', properties: { a: { maxLength: 3 } } }, /missing type "string" for keyword "maxLength"/],
    ['a type that JSON Schema does not know', { type: 'object', properties: { a: { type: 'text' } } }, /schema is invalid/],
    ['a bound of the wrong type', { type: 'object', properties: { a: { type: 'number', minimum: 'zero' } } }, /schema is invalid/],
    ['a pattern that is no regular expression', { type: 'object', properties: { a: { type: 'string', pattern: '(' } } }, /Invalid regular expression/],
    ['another draft', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, /no schema with key or ref/],
    ['a local $ref to nothing', { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }, /can't resolve reference/],
  ])('INVALID_SCHEMA: %s', (_label, schema, message) => {
    const problems = checkPlanDocument(doc([event('Signed Up', schema)]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '/events/0/properties', code: 'INVALID_SCHEMA' });
    expect(problems[0].message).toMatch(message);
  });

  it('NOT_AN_OBJECT_SCHEMA: a root of another type, or none', () => {
    expect(codesAndPaths(doc([event('A', { type: 'array', items: { type: 'string' } }), event('B', { properties: {} })]))).toEqual([
      { path: '/events/0/properties/type', code: 'NOT_AN_OBJECT_SCHEMA' },
      { path: '/events/1/properties', code: 'NOT_AN_OBJECT_SCHEMA' },
      { path: '/events/1/properties', code: 'INVALID_SCHEMA' }, // strict: `properties` without `type: object`
    ]);
  });

  it('REMOTE_REF: anything but "#" and "#/…", where it is a keyword (not a property named $ref, not a value in an enum)', () => {
    const schema = {
      type: 'object',
      $defs: { money: { type: 'number' } },
      properties: {
        local: { $ref: '#/$defs/money' },
        root: { $ref: '#' },
        http: { $ref: 'https://example.com/schemas/money.json' },
        relative: { $ref: 'money.json#/x' },
        anchor: { $ref: '#money' },
        nested: { type: 'array', items: { anyOf: [{ $ref: 'urn:x' }, { type: 'null' }] } },
        $ref: { type: 'string', enum: ['http://not-a-ref'] },
        value: { const: { $ref: 'http://also-a-value' } },
      },
    };
    expect(codesAndPaths(doc([event('A', schema)]))).toEqual([
      { path: '/events/0/properties/properties/http/$ref', code: 'REMOTE_REF' },
      { path: '/events/0/properties/properties/relative/$ref', code: 'REMOTE_REF' },
      { path: '/events/0/properties/properties/anchor/$ref', code: 'REMOTE_REF' },
      { path: '/events/0/properties/properties/nested/items/anyOf/0/$ref', code: 'REMOTE_REF' },
    ]);
  });

  it('UNSUPPORTED_KEYWORD: $dynamicRef, $dynamicAnchor, $id, $anchor', () => {
    const schema = {
      type: 'object',
      $id: 'https://example.com/order.json',
      $defs: { node: { $dynamicAnchor: 'node', type: 'object' }, money: { $anchor: 'money', type: 'number' } },
      properties: { tree: { $dynamicRef: '#node' } },
    };
    expect(codesAndPaths(doc([event('A', schema)]))).toEqual([
      { path: '/events/0/properties/$id', code: 'UNSUPPORTED_KEYWORD' },
      { path: '/events/0/properties/$defs/node/$dynamicAnchor', code: 'UNSUPPORTED_KEYWORD' },
      { path: '/events/0/properties/$defs/money/$anchor', code: 'UNSUPPORTED_KEYWORD' },
      { path: '/events/0/properties/properties/tree/$dynamicRef', code: 'UNSUPPORTED_KEYWORD' },
    ]);
  });

  it(`TOO_DEEP: more than ${TRACKING_PLAN_LIMITS.maxSchemaDepth} levels of objects and arrays, counted on the document (enum values included)`, () => {
    // {type, properties: {p: {type, properties: …}}}: each level of object nesting is two JSON levels.
    const nest = (levels: number): Record<string, unknown> => (levels === 0 ? { type: 'string' } : { type: 'object', properties: { p: nest(levels - 1) } });
    expect(checkPlanDocument(doc([event('A', nest(7))]))).toEqual([]); // 15 levels deep
    expect(codesAndPaths(doc([event('A', nest(8))]))).toEqual([{ path: '/events/0/properties', code: 'TOO_DEEP' }]); // 17
    let value: unknown = 'x';
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(codesAndPaths(doc([event('A', { type: 'object', properties: { p: { const: value } } })]))).toEqual([{ path: '/events/0/properties', code: 'TOO_DEEP' }]);
  });

  it('UNKNOWN_PII_POINTER: undeclared, through array items, through $ref or a combinator, or not a pointer', () => {
    const schema = {
      ...orderCompleted(),
      $defs: { contact: { type: 'object', properties: { phone: { type: 'string' } } } },
      properties: { ...(orderCompleted()['properties'] as object), contact: { $ref: '#/$defs/contact' }, alt: { anyOf: [{ type: 'object', properties: { x: { type: 'string' } } }] } },
    };
    const pii: PiiMarkDto[] = [
      { pointer: '/customer/email', rule: 'HASH' },
      { pointer: '/customer/phone', rule: 'HASH' },
      { pointer: '/products/0/sku', rule: 'DROP' },
      { pointer: '/contact/phone', rule: 'HASH' },
      { pointer: '/alt/x', rule: 'DROP' },
      { pointer: '/bad~2escape', rule: 'DROP' },
      { pointer: '/order_id/length', rule: 'DROP' },
    ];
    expect(codesAndPaths(doc([event('A', schema, pii)]))).toEqual([1, 2, 3, 4, 5, 6].map((i) => ({ path: `/events/0/pii/${i}/pointer`, code: 'UNKNOWN_PII_POINTER' })));
  });

  it('UNKNOWN_PII_POINTER reads escaped names: /a~1b is the property "a/b", /c~0d is "c~d"', () => {
    const schema = { type: 'object', properties: { 'a/b': { type: 'string' }, 'c~d': { type: 'string' } } };
    expect(checkPlanDocument(doc([event('A', schema, [{ pointer: '/a~1b', rule: 'HASH' }, { pointer: '/c~0d', rule: 'DROP' }])]))).toEqual([]);
    expect(codesAndPaths(doc([event('A', schema, [{ pointer: '/a/b', rule: 'HASH' }])]))).toEqual([{ path: '/events/0/pii/0/pointer', code: 'UNKNOWN_PII_POINTER' }]);
  });

  it('DUPLICATE_PII_POINTER and NESTED_PII_POINTER, in the order of the marks', () => {
    const pii: PiiMarkDto[] = [
      { pointer: '/customer/address/street', rule: 'DROP' },
      { pointer: '/customer/email', rule: 'HASH' },
      { pointer: '/customer/email', rule: 'DROP' },
      { pointer: '/customer/address', rule: 'HASH' },
    ];
    const problems = checkPlanDocument(doc([event('A', orderCompleted(), pii)]));
    expect(problems.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: '/events/0/pii/0/pointer', code: 'NESTED_PII_POINTER' },
      { path: '/events/0/pii/2/pointer', code: 'DUPLICATE_PII_POINTER' },
    ]);
    expect(problems[0].message).toContain('"/customer/address" (/events/0/pii/3)');
  });

  it('checks the traits definition the same way, under /traits', () => {
    const traits = {
      schemaVer: '1-0-0',
      properties: { type: 'object', properties: { email: { type: 'string' } }, required: ['plan'] },
      pii: [{ pointer: '/phone', rule: 'HASH' as const }],
    };
    expect(codesAndPaths(doc([], traits))).toEqual([
      { path: '/traits/properties', code: 'INVALID_SCHEMA' },
      { path: '/traits/pii/0/pointer', code: 'UNKNOWN_PII_POINTER' },
    ]);
  });
});
