import { type JsonSchema, classifySchemaChange, largerChange } from './schema-change.classifier';

const obj = (properties: Record<string, JsonSchema>, required: string[] = [], extra: Record<string, unknown> = { additionalProperties: false }): JsonSchema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

const kindOf = (before: JsonSchema, after: JsonSchema) => classifySchemaChange(before, after).kind;

describe('classifySchemaChange: hand-built pairs', () => {
  const base = obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price']);

  it('NONE when nothing or only annotations change', () => {
    expect(kindOf(base, base)).toBe('NONE');
    expect(kindOf(base, obj({ plan: { type: 'string', enum: ['free', 'pro'], description: 'The plan' }, price: { type: 'number', minimum: 0, examples: [9] }, coupon: { type: 'string', 'x-pii': 'HASH' } }, ['plan', 'price']))).toBe('NONE');
  });

  it.each<[string, JsonSchema]>([
    ['an optional property added where unknown properties were refused', obj({ ...(base as { properties: Record<string, JsonSchema> }).properties, referrer: { type: 'string' } }, ['plan', 'price'])],
    ['an enum value added', obj({ plan: { type: 'string', enum: ['free', 'pro', 'team'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price'])],
    ['a minimum lowered', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: -1 }, coupon: { type: 'string' } }, ['plan', 'price'])],
    ['a type widened', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: ['string', 'null'] } }, ['plan', 'price'])],
    ['a required property made optional', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan'])],
    ['unknown properties allowed', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price'], {})],
  ])('ADDITION: %s', (_label, after) => {
    const change = classifySchemaChange(base, after);
    expect(change).toEqual({ kind: 'ADDITION', incompatibilities: [] });
  });

  it.each<[string, JsonSchema, string, string]>([
    ['an optional property narrowed in type', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'integer' } }, ['plan', 'price']), '/coupon', 'type'],
    ['an optional property made required', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price', 'coupon']), '/', 'required'],
    ['an enum value removed from a required property', obj({ plan: { type: 'string', enum: ['pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price']), '/plan', 'enum'],
    ['a minimum raised', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 1 }, coupon: { type: 'string' } }, ['plan', 'price']), '/price', 'minimum'],
    ['an optional property removed while unknown ones are refused', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 } }, ['plan', 'price']), '/coupon', 'properties'],
    ['a pattern added', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string', pattern: '^[A-Z]+$' } }, ['plan', 'price']), '/coupon', 'pattern'],
    ['a number narrowed to integers', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, price: { type: 'integer', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price']), '/price', 'type'],
  ])('REVISION: %s', (_label, after, path, keyword) => {
    const change = classifySchemaChange(base, after);
    expect(change.kind).toBe('REVISION');
    expect(change.incompatibilities).toEqual([expect.objectContaining({ path, keyword, reach: 'SOME' })]);
  });

  it.each<[string, JsonSchema, string, string]>([
    ['a new required property no event could have had', obj({ ...(base as { properties: Record<string, JsonSchema> }).properties, currency: { type: 'string' } }, ['plan', 'price', 'currency']), '/', 'required'],
    ["a required property's type changed to one it never had", obj({ plan: { type: 'integer' }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price']), '/plan', 'type'],
    ['a required property removed while unknown ones are refused', obj({ plan: { type: 'string', enum: ['free', 'pro'] }, coupon: { type: 'string' } }, ['plan']), '/price', 'properties'],
    ["a required property's enum replaced", obj({ plan: { type: 'string', enum: ['basic', 'team'] }, price: { type: 'number', minimum: 0 }, coupon: { type: 'string' } }, ['plan', 'price']), '/plan', 'enum'],
  ])('MODEL: %s', (_label, after, path, keyword) => {
    const change = classifySchemaChange(base, after);
    expect(change.kind).toBe('MODEL');
    expect(change.incompatibilities).toContainEqual(expect.objectContaining({ path, keyword, reach: 'ALL' }));
  });

  it('counts a new typed optional property as REVISION when unknown properties were allowed (an event may have sent it with another type)', () => {
    const open = obj({ plan: { type: 'string' } }, ['plan'], {});
    expect(kindOf(open, obj({ plan: { type: 'string' }, seats: { type: 'integer' } }, ['plan'], {}))).toBe('REVISION');
    // …and an untyped one as ADDITION
    expect(kindOf(open, obj({ plan: { type: 'string' }, seats: {} }, ['plan'], {}))).toBe('ADDITION');
  });

  it('looks into nested objects and array items; an array item reaches only some events', () => {
    const cart = (item: JsonSchema) => obj({ items: { type: 'array', items: item } }, ['items']);
    const before = cart(obj({ sku: { type: 'string' }, qty: { type: 'integer' } }, ['sku']));
    expect(kindOf(before, cart(obj({ sku: { type: 'string' }, qty: { type: 'integer' }, note: { type: 'string' } }, ['sku'])))).toBe('ADDITION');
    const narrowed = classifySchemaChange(before, cart(obj({ sku: { type: 'integer' }, qty: { type: 'integer' } }, ['sku'])));
    expect(narrowed.kind).toBe('REVISION');
    expect(narrowed.incompatibilities).toEqual([expect.objectContaining({ path: '/items/*/sku', keyword: 'type', reach: 'SOME' })]);
    const nested = obj({ user: obj({ name: { type: 'string' } }, ['name']) }, ['user']);
    const renamed = classifySchemaChange(nested, obj({ user: obj({ name: { type: 'boolean' } }, ['name']) }, ['user']));
    expect(renamed).toMatchObject({ kind: 'MODEL', incompatibilities: [{ path: '/user/name', reach: 'ALL' }] });
  });

  it('counts any change to a keyword it does not analyse as an incompatibility, and escapes pointers', () => {
    const before = obj({ 'a/b~c': { oneOf: [{ type: 'string' }, { type: 'integer' }] } });
    const change = classifySchemaChange(before, obj({ 'a/b~c': { oneOf: [{ type: 'string' }] } }));
    expect(change.incompatibilities).toEqual([expect.objectContaining({ path: '/a~1b~0c', keyword: 'oneOf', reach: 'SOME' })]);
    expect(kindOf(before, obj({ 'a/b~c': { oneOf: [{ type: 'string', description: 'x' }, { type: 'integer' }] } }))).toBe('NONE');
  });

  it('treats property names like constructor or __proto__ as names, not as inherited members', () => {
    const closed = JSON.parse('{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}') as JsonSchema;
    for (const name of ['constructor', 'toString', '__proto__']) {
      const added = JSON.parse(`{"type":"object","properties":{"a":{"type":"string"},"${name}":{"type":"string"}},"additionalProperties":false}`) as JsonSchema;
      expect(classifySchemaChange(closed, added)).toEqual({ kind: 'ADDITION', incompatibilities: [] });
    }
  });

  it('handles boolean schemas', () => {
    expect(kindOf(true, false)).toBe('MODEL');
    expect(kindOf(false, true)).toBe('ADDITION');
    expect(kindOf(true, {})).toBe('NONE');
  });

  it('orders change kinds', () => {
    expect(largerChange('NONE', 'ADDITION')).toBe('ADDITION');
    expect(largerChange('MODEL', 'REVISION')).toBe('MODEL');
    expect(largerChange('REVISION', 'NONE')).toBe('REVISION');
  });
});
