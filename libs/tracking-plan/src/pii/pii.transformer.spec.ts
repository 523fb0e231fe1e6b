import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { PiiMarkDto } from '@fulcrum/contracts';
import { definition, expectNoneOf, planOf, posthogOrderProperties, secretAtomsOf, secretJsonValue } from '../plan-checker/plan-checker.test-helpers';
import { MIN_PII_SECRET_BYTES, PII_HASH_PREFIX, compilePiiPlan, compilePiiRules, hashPiiValue } from './pii.transformer';

const secret = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
const otherSecret = Buffer.from('fedcba9876543210fedcba9876543210', 'utf8');
const hmac = (key: Buffer, text: string): string => `${PII_HASH_PREFIX}${createHmac('sha256', key).update(text, 'utf8').digest('hex')}`;

/** Freezes a value and everything in it, so that any write to it throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

describe('hashPiiValue', () => {
  it('hashes a string as its UTF-8 (non-BMP included) and any other JSON value as its RFC 8785 canonical JSON', () => {
    expect(hashPiiValue('ada@example.com', secret)).toBe(hmac(secret, 'ada@example.com'));
    expect(hashPiiValue('👩🏽‍💻 Ada', secret)).toBe(hmac(secret, '👩🏽‍💻 Ada'));
    expect(hashPiiValue({ b: [1, 'x'], a: null }, secret)).toBe(hmac(secret, '{"a":null,"b":[1,"x"]}'));
    expect(hashPiiValue({ a: null, b: [1, 'x'] }, secret)).toBe(hashPiiValue({ b: [1, 'x'], a: null }, secret));
    expect(hashPiiValue(-0, secret)).toBe(hmac(secret, '0'));
    expect(hashPiiValue(1e308, secret)).toBe(hmac(secret, '1e+308'));
    expect(hashPiiValue(true, secret)).toBe(hmac(secret, 'true'));
    expect(hashPiiValue(null, secret)).toBe(hmac(secret, 'null'));
  });

  it('has no answer for a value without a JSON form', () => {
    expect(hashPiiValue(Number.NaN, secret)).toBeUndefined();
    expect(hashPiiValue(Number.POSITIVE_INFINITY, secret)).toBeUndefined();
    expect(hashPiiValue(undefined, secret)).toBeUndefined();
    expect(hashPiiValue(10n, secret)).toBeUndefined();
  });

  it('is deterministic, and different secrets give different hashes', () => {
    expect(hashPiiValue('+44 20 7946 0958', secret)).toBe(hashPiiValue('+44 20 7946 0958', secret));
    expect(hashPiiValue('+44 20 7946 0958', secret)).not.toBe(hashPiiValue('+44 20 7946 0958', otherSecret));
    expect(hashPiiValue('+44 20 7946 0958', secret)).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });
});

describe('compilePiiRules', () => {
  const marks: PiiMarkDto[] = [
    { pointer: '/email', rule: 'HASH' },
    { pointer: '/phone', rule: 'DROP' },
    { pointer: '/customer/address', rule: 'HASH' },
    { pointer: '/customer/name', rule: 'DROP' },
  ];
  const redact = compilePiiRules(marks);

  it('DROP removes, HASH replaces, everything else is kept (a posthog-node capture)', () => {
    const input = deepFreeze({ ...posthogOrderProperties(), email: 'ada@example.com', phone: '+44 20 7946 0958', customer: { id: 'c-1', name: 'Ada', address: { city: 'London', street: '12 Baker St' } } });
    const output = redact(input, secret);
    expect(output).toEqual({
      ...posthogOrderProperties(),
      email: hmac(secret, 'ada@example.com'),
      customer: { id: 'c-1', address: hmac(secret, '{"city":"London","street":"12 Baker St"}') },
    });
    expect(output).not.toBe(input);
    expect(Object.keys(output)).toEqual(['orderId', 'revenue', '$lib', '$lib_version', '$geoip_disable', 'email', 'customer']);
  });

  it('never modifies its input, and shares the untouched parts', () => {
    const input = { email: 'ada@example.com', untouched: { deep: [1, 2] }, customer: { name: 'Ada', keep: { x: 1 } } };
    const before = structuredClone(input);
    const output = redact(deepFreeze(input), secret);
    expect(input).toEqual(before);
    expect(output['untouched']).toBe(input.untouched);
    expect((output['customer'] as Record<string, unknown>)['keep']).toBe(input.customer.keep);
  });

  it('leaves absent properties absent, and the event unchanged when a pointer goes through a non-object', () => {
    const absent = { plan: 'pro' };
    expect(redact(absent, secret)).toBe(absent);
    for (const customer of ['Ada', ['Ada'], null, 42]) {
      const input = { customer };
      expect(redact(input, secret)).toBe(input);
    }
    // An own property whose value is undefined is present: DROP removes it, HASH (no JSON form) removes it too.
    expect(redact({ phone: undefined, email: undefined }, secret)).toEqual({});
  });

  it('with no marks, returns its input at once (no copy, no secret needed)', () => {
    const input = { email: 'ada@example.com' };
    expect(compilePiiRules([])(input, Buffer.alloc(0))).toBe(input);
    expect(compilePiiRules([{ pointer: 'not a pointer', rule: 'DROP' }])(input, Buffer.alloc(0))).toBe(input);
  });

  it('treats __proto__ and constructor as own property names', () => {
    const redactProto = compilePiiRules([
      { pointer: '/__proto__', rule: 'HASH' },
      { pointer: '/constructor', rule: 'DROP' },
    ]);
    const input = JSON.parse('{"__proto__": "ada@example.com", "constructor": "x", "keep": 1}') as Record<string, unknown>;
    const output = redactProto(input, secret);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toBe(hmac(secret, 'ada@example.com'));
    expect(Object.hasOwn(output, 'constructor')).toBe(false);
    expect(JSON.stringify(output)).toBe(`{"__proto__":"${hmac(secret, 'ada@example.com')}","keep":1}`);
    expect(redactProto({ keep: 1 }, secret)).toEqual({ keep: 1 }); // the inherited ones are not there to redact
  });

  it('lets the outer mark win when one lies below another', () => {
    const nested = compilePiiRules([
      { pointer: '/user/email', rule: 'DROP' },
      { pointer: '/user', rule: 'HASH' },
    ]);
    expect(nested({ user: { email: 'ada@example.com', id: 1 } }, secret)).toEqual({ user: hmac(secret, '{"email":"ada@example.com","id":1}') });
  });

  it('is deterministic; another secret gives other hashes; a short secret is refused', () => {
    const input = { email: 'ada@example.com' };
    expect(redact(input, secret)).toEqual(redact(input, secret));
    expect(redact(input, secret)['email']).not.toBe(redact(input, otherSecret)['email']);
    expect(() => redact(input, Buffer.alloc(MIN_PII_SECRET_BYTES - 1))).toThrow(RangeError);
  });

  it('drops a HASHed value that has no JSON form rather than keep it', () => {
    expect(redact({ email: Number.NaN, keep: 1 }, secret)).toEqual({ keep: 1 });
  });
});

describe('compilePiiPlan', () => {
  const plan = compilePiiPlan(
    planOf(
      [
        definition('Signed Up', { type: 'object', properties: { email: { type: 'string' } } }, { pii: [{ pointer: '/email', rule: 'HASH' }] }),
        definition('Order Completed', { type: 'object', properties: { email: { type: 'string' } } }),
        definition('Signed Up', { type: 'object', properties: { email: { type: 'string' } } }, { pii: [{ pointer: '/email', rule: 'DROP' }] }),
      ],
      { schemaVer: '1-0-0', properties: { type: 'object', properties: { phone: { type: 'string' } } }, pii: [{ pointer: '/phone', rule: 'DROP' }] },
    ),
  );

  it('applies each event’s rules by name (the first definition of a name wins) and the traits rules to traits', () => {
    expect(plan.hasRules('Signed Up')).toBe(true);
    expect(plan.hasRules('Order Completed')).toBe(false);
    expect(plan.redactEvent('Signed Up', { email: 'ada@example.com' }, secret)).toEqual({ email: hmac(secret, 'ada@example.com') });
    const order = { email: 'ada@example.com' };
    expect(plan.redactEvent('Order Completed', order, secret)).toBe(order);
    expect(plan.redactEvent('$pageview', order, secret)).toBe(order);
    expect(plan.redactTraits({ phone: '+44', email: 'ada@example.com' }, secret)).toEqual({ email: 'ada@example.com' });
    const traits = { phone: '+44' };
    expect(compilePiiPlan(planOf([])).redactTraits(traits, secret)).toBe(traits);
  });
});

describe('compilePiiRules: the raw value is nowhere in the output (property)', () => {
  it('HASH and DROP of random values (strings, numbers, booleans, null, nested objects and arrays) leave no string, key or number of them', () => {
    fc.assert(
      fc.property(secretJsonValue, secretJsonValue, fc.constantFrom<PiiMarkDto['rule']>('HASH', 'DROP'), fc.constantFrom<PiiMarkDto['rule']>('HASH', 'DROP'), (email, address, emailRule, addressRule) => {
        const redact = compilePiiRules([
          { pointer: '/email', rule: emailRule },
          { pointer: '/customer/address', rule: addressRule },
        ]);
        const input = { email, customer: { address, id: 'c-1' }, plan: 'pro' };
        const before = structuredClone(input);
        const output = redact(input, secret);
        expect(input).toEqual(before);
        const text = JSON.stringify(output);
        expectNoneOf(text, secretAtomsOf([email, address]));
        expect(output['plan']).toBe('pro');
        if (emailRule === 'HASH') expect(output['email']).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
        else expect(Object.hasOwn(output, 'email')).toBe(false);
      }),
      { numRuns: 500, seed: 20_261_202 },
    );
  });
});
