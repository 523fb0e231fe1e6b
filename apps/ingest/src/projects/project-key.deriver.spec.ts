import fc from 'fast-check';
import { PROJECT_KEY, deriveKey, keyBaseOf, keyCandidates } from './project-key.deriver';

describe('project keys derived from names', () => {
  it.each([
    ['Fulcrum Web Shop', 'FWS'],
    ['Checkout', 'CHEC'],
    ['  shop  ', 'SHOP'],
    ['Ökologie Café', 'OC'],
    ['A', 'PR'],
    ['Go', 'GO'],
    ['2048 Game', 'GAME'],
    ['项目', 'PR'],
    ['a-b', 'AB'],
    ['The quick brown fox jumps over the lazy dog again and again', 'TQBFJOTLDA'],
  ])('%s → %s', (name, key) => {
    expect(keyBaseOf(name)).toBe(key);
  });

  it('adds a number until the key is free, keeping 10 characters at most', () => {
    expect(deriveKey('Shop', new Set(['SHOP', 'SHOP2']))).toBe('SHOP3');
    const long = 'ABCDEFGHIJ';
    const first = [...takeN(keyCandidates(long), 12)];
    expect(first.slice(0, 3)).toEqual(['ABCDEFGHIJ', 'ABCDEFGHI2', 'ABCDEFGHI3']);
    expect(first[9]).toBe('ABCDEFGH10');
  });

  it('always yields a valid key, different from every taken one', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.array(fc.stringMatching(/^[A-Z][A-Z0-9]{1,9}$/), { maxLength: 30 }), (name, taken) => {
        const set = new Set([...taken, ...takeN(keyCandidates(keyBaseOf(name)), 5)].slice(0, 40));
        const key = deriveKey(name, set);
        expect(key).toMatch(PROJECT_KEY);
        expect(set.has(key)).toBe(false);
      }),
    );
  });
});

function* takeN<T>(it: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const x of it) {
    if (i++ >= n) return;
    yield x;
  }
}
