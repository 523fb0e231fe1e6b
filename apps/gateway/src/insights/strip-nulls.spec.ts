import { stripNulls } from './strip-nulls';

describe('stripNulls', () => {
  it('leaves out null and undefined properties at every depth', () => {
    const input = {
      steps: [
        { event: 'signup', filters: null },
        { event: 'pay', filters: [{ property: 'plan', operator: 'eq', value: 'pro', type: null }] },
      ],
      breakdown: { property: '$browser', limit: null, attribution: undefined },
      exclusions: null,
      order: 'ORDERED',
    };
    expect(stripNulls(input)).toEqual({
      steps: [{ event: 'signup' }, { event: 'pay', filters: [{ property: 'plan', operator: 'eq', value: 'pro' }] }],
      breakdown: { property: '$browser' },
      order: 'ORDERED',
    });
    expect(Object.keys(stripNulls(input).breakdown)).toEqual(['property']);
  });

  it('keeps falsy values that are not null, and list elements as they are', () => {
    expect(stripNulls({ a: 0, b: false, c: '', d: [null, 1, { e: null }], f: {} })).toEqual({ a: 0, b: false, c: '', d: [null, 1, {}], f: {} });
  });

  it('returns scalars and dates unchanged and does not touch its argument', () => {
    expect(stripNulls(null)).toBeNull();
    expect(stripNulls('x')).toBe('x');
    const when = new Date('2026-03-01T00:00:00Z');
    expect(stripNulls({ when }).when).toBe(when);
    const input = { a: null, b: { c: null } };
    stripNulls(input);
    expect(input).toEqual({ a: null, b: { c: null } });
  });

  it('copies objects without a prototype too', () => {
    const input = Object.assign(Object.create(null) as object, { a: 1, b: null });
    expect(stripNulls(input)).toEqual({ a: 1 });
  });
});
