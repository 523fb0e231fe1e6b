import { pascalBase, trackNames } from './track-function.naming';

describe('track function names', () => {
  it.each([
    ['Order Completed', 'OrderCompleted'],
    ['$pageview', 'Pageview'],
    ['order_completed', 'OrderCompleted'],
    ['checkout-step viewed', 'CheckoutStepViewed'],
    ['APICalled', 'APICalled'],
    ['3D view', '3DView'],
    ['__proto__', 'Proto'],
    ['constructor', 'Constructor'],
    ['say "hi"\n*/', 'SayHi'],
    ['🎉', 'Event'],
    ['注文', 'Event'],
    ['café ☕ ordered', 'CafOrdered'],
  ])('%j → %s', (name, base) => {
    expect(pascalBase(name)).toBe(base);
    expect(trackNames([name])).toEqual([{ functionName: `track${base}`, typeName: `${base}Properties` }]);
  });

  it('resolves collisions by sorting the colliding names, whatever the document order', () => {
    const names = ['order_completed', 'Order Completed', 'Order-Completed', 'Signed Up'];
    const expected = {
      'Order Completed': 'trackOrderCompleted',
      'Order-Completed': 'trackOrderCompleted_2',
      order_completed: 'trackOrderCompleted_3',
      'Signed Up': 'trackSignedUp',
    };
    for (const order of [names, [...names].reverse()]) {
      const named = trackNames(order);
      expect(Object.fromEntries(order.map((name, i) => [name, named[i].functionName]))).toEqual(expected);
    }
  });

  it('never lets a suffixed name meet another base (Order Completed 2 keeps its own name)', () => {
    const named = trackNames(['Order Completed', 'order completed', 'Order Completed 2']).map((n) => n.functionName);
    expect(named).toEqual(['trackOrderCompleted', 'trackOrderCompleted_2', 'trackOrderCompleted2']);
    expect(new Set(named).size).toBe(3);
  });

  it('gives every name of a large plan a distinct valid identifier', () => {
    const names = Array.from({ length: 300 }, (_, i) => ['Event', '🎉', `e v ${i % 7}`, `E_V_${i % 7}`][i % 4] + (i % 4 < 2 ? ` #${i}`.replace(/[0-9]/g, '') + '!'.repeat(i) : ` ${i}`));
    const named = trackNames([...new Set(names)]);
    const all = named.flatMap((n) => [n.functionName, n.typeName]);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});
