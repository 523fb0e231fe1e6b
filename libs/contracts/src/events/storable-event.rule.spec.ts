import fc from 'fast-check';
import type { CanonicalEvent } from './canonical-event';
import { STORABLE_LIMITS, findUnstorableEvent, findUnstorableJson, keyPath } from './storable-event.rule';

const event = (over: Partial<Record<keyof CanonicalEvent, unknown>> = {}): CanonicalEvent =>
  ({
    id: 'e1',
    projectId: '6f1c1a52-9b8f-4e55-9a37-111111111111',
    type: 'track',
    event: 'Signed Up',
    userId: 'u1',
    timestamp: '2026-01-01T00:00:00.000Z',
    receivedAt: '2026-01-01T00:00:00.000Z',
    properties: {},
    context: {},
    ...over,
  }) as CanonicalEvent;

const nested = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1));

describe('findUnstorableJson', () => {
  it('names the field of a lone surrogate, in values and in keys', () => {
    expect(findUnstorableJson({ events: [{ properties: { k: 'x\ud800' } }] }, '')).toEqual({
      field: 'events[0].properties.k',
      reason: expect.stringContaining('lone UTF-16 surrogate'),
    });
    expect(findUnstorableJson({ p: { '\udc00': 1 } }, '')?.field).toBe('p["\\udc00"]');
    expect(findUnstorableJson({ p: { 'a b': '\udfff' } }, 'x')?.field).toBe('x.p["a b"]');
  });

  it('refuses numbers JSON cannot write back (1e400 parses to Infinity)', () => {
    expect(findUnstorableJson(JSON.parse('{"n":[1,1e400]}'), '')).toMatchObject({ field: 'n[1]' });
    expect(findUnstorableJson(JSON.parse('{"n":-1e400}'), '')).toMatchObject({ field: 'n' });
    expect(findUnstorableJson(JSON.parse('{"n":1e308,"z":-0,"t":5e-324}'), '')).toBeUndefined();
  });

  it('allows exactly maxJsonDepth levels and refuses one more, without recursion at 100,000 levels', () => {
    const max = STORABLE_LIMITS.maxJsonDepth;
    expect(findUnstorableJson(nested(max), '')).toBeUndefined();
    expect(findUnstorableJson(nested(max + 1), '')?.reason).toContain(`more than ${max} levels`);
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(findUnstorableJson(deep, '')?.reason).toContain('levels deep');
  });

  it('refuses control characters in property names but keeps them in values', () => {
    expect(findUnstorableJson({ 'a\u0000': 1 }, '')?.reason).toContain('control character');
    expect(findUnstorableJson({ a: 'line\nbreak\u0000nul' }, '')).toBeUndefined();
  });

  it('accepts every well-formed JSON value of bounded depth (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        // fast-check's json values are well-formed strings and finite numbers
        expect(findUnstorableJson(value, '')).toBeUndefined();
      }),
    );
  });

  it('finds a lone surrogate wherever it is hidden (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), (value, lone) => {
        expect(findUnstorableJson({ wrap: [value, { [`k${lone}`]: 1 }] }, '')).toBeDefined();
        expect(findUnstorableJson({ wrap: [value, `v${lone}`] }, '')).toBeDefined();
      }),
    );
  });
});

describe('findUnstorableEvent', () => {
  it('accepts an ordinary event', () => {
    expect(findUnstorableEvent(event())).toBeUndefined();
  });

  it.each([
    ['timestamp', { timestamp: '0000-12-31T23:59:59.999Z' }, 'outside the years 0001-9999'],
    ['timestamp', { timestamp: '-000001-12-31T00:01:00.000Z' }, 'ISO-8601'],
    ['sentAt', { sentAt: '+010000-01-01T00:00:00.000Z' }, 'ISO-8601'],
    ['timestamp', { timestamp: '2026-02-30T00:00:00.000Z' }, 'calendar'],
    ['receivedAt', { receivedAt: '2026-01-01T24:00:00.000Z' }, 'calendar'],
    ['id', { id: 'a\u0000b' }, 'control character'],
    ['event', { event: 'x\ud800' }, 'surrogate'],
    ['userId', { userId: '' }, '1 to'],
    ['anonymousId', { anonymousId: 42 }, '1 to'],
    ['properties.k', { properties: { k: '\udc00' } }, 'surrogate'],
    ['context', { context: [] }, 'JSON object'],
  ])('refuses %s (%j)', (field, over, reason) => {
    expect(findUnstorableEvent(event(over))).toEqual({ field, reason: expect.stringContaining(reason) });
  });

  it('accepts an instant exactly when it is a real calendar instant in 0001-9999 (property, against Date)', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.record({
          y: fc.integer({ min: 0, max: 9999 }),
          mo: fc.integer({ min: 0, max: 13 }),
          d: fc.integer({ min: 0, max: 32 }),
          h: fc.integer({ min: 0, max: 25 }),
          mi: fc.integer({ min: 0, max: 61 }),
          s: fc.integer({ min: 0, max: 61 }),
          ms: fc.integer({ min: 0, max: 999 }),
        }),
        ({ y, mo, d, h, mi, s, ms }) => {
          const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
          const time = Date.parse(text);
          const real = y >= 1 && Number.isFinite(time) && new Date(time).toISOString() === text;
          expect(findUnstorableEvent(event({ timestamp: text })) === undefined).toBe(real);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes the first and last storable instants', () => {
    expect(findUnstorableEvent(event({ timestamp: '0001-01-01T00:00:00.000Z', sentAt: '9999-12-31T23:59:59.999Z' }))).toBeUndefined();
    expect(new Date(STORABLE_LIMITS.minTimeMs).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(new Date(STORABLE_LIMITS.maxTimeMs).toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });
});

describe('keyPath', () => {
  it('uses dots for identifiers and quoted brackets otherwise', () => {
    expect(keyPath('', 'a')).toBe('a');
    expect(keyPath('p', '$set')).toBe('p.$set');
    expect(keyPath('p', 'a.b')).toBe('p["a.b"]');
    expect(keyPath('p', 'x'.repeat(100))).toBe(`p["${'x'.repeat(64)}…"]`);
  });
});
