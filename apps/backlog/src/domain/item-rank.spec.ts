import fc from 'fast-check';
import { DomainError } from '@fulcrum/contracts';
import { RANK_ALPHABET, initialRank, rankBetween, ranksForAppend } from './item-rank';

const isAscii = (rank: string) => /^[\x21-\x7e]+$/.test(rank);
/** PostgreSQL's COLLATE "C" compares the UTF-8 bytes; for ASCII that is the JS `<` order. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function expectStrictlyOrdered(ranks: readonly string[]): void {
  for (let i = 0; i + 1 < ranks.length; i++) {
    expect([ranks[i], ranks[i] < ranks[i + 1]]).toEqual([ranks[i], true]);
    expect(byteOrder(ranks[i], ranks[i + 1])).toBe(-1);
  }
  for (const rank of ranks) expect(isAscii(rank)).toBe(true);
}

function rejection(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('item ranks', () => {
  it('starts a track and places ranks between neighbours and at either end', () => {
    const first = initialRank();
    expect(first).toBe('a0');
    const after = rankBetween(first, null);
    const before = rankBetween(null, first);
    const between = rankBetween(first, after);
    expectStrictlyOrdered([before, first, between, after]);
  });

  it('appends many ranks in order, after the last one or on an empty track', () => {
    expect(ranksForAppend(null, 0)).toEqual([]);
    const fresh = ranksForAppend(null, 3);
    expect(fresh[0]).toBe(initialRank());
    expectStrictlyOrdered(fresh);
    const more = ranksForAppend(fresh[2], 200);
    expect(more).toHaveLength(200);
    expectStrictlyOrdered([...fresh, ...more]);
  });

  it('refuses neighbours out of order, keys it did not make and impossible counts', () => {
    const error = rejection(() => rankBetween('a1', 'a0'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ before: 'a1', after: 'a0' });
    expect(rejection(() => rankBetween('a0', 'a0')).code).toBe('VALIDATION_FAILED');
    expect(rejection(() => rankBetween('a0', '!bad')).details).toMatchObject({ before: 'a0', after: '!bad' });
    expect(rejection(() => rankBetween('a10', null)).code).toBe('VALIDATION_FAILED'); // trailing zero: not a key the library makes
    expect(rejection(() => ranksForAppend(null, -1)).details).toEqual({ count: -1 });
    expect(rejection(() => ranksForAppend(null, 1.5)).code).toBe('VALIDATION_FAILED');
  });

  it('keeps 1,000 inserts into the same gap strictly ordered and short enough to index', () => {
    const low = initialRank();
    const high = rankBetween(low, null);
    // Always right after `low` (the gap shrinks from above) and always right before `high` (from below).
    const afterLow: string[] = [];
    const beforeHigh: string[] = [];
    let upper = high;
    let lower = low;
    for (let i = 0; i < 1000; i++) {
      upper = rankBetween(low, upper);
      afterLow.unshift(upper);
      lower = rankBetween(lower, high);
      beforeHigh.push(lower);
    }
    expectStrictlyOrdered([low, ...afterLow, high]);
    expectStrictlyOrdered([low, ...beforeHigh, high]);
    // Worst case the library adds about one character per five inserts into one gap.
    expect(Math.max(...afterLow.map((r) => r.length))).toBeLessThanOrEqual(210);
    expect(Math.max(...beforeHigh.map((r) => r.length))).toBeLessThanOrEqual(210);
  });

  it('keeps a list strictly ordered under random moves (between neighbours, at either end)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 300 }), (moves) => {
        const list = [initialRank()];
        for (const [at, pick] of moves) {
          // Take an item out (a move) and put it back in a random gap, 0 and length being the ends.
          if (list.length > 1 && pick % 3 === 0) list.splice(pick % list.length, 1);
          const gap = at % (list.length + 1);
          const rank = rankBetween(gap === 0 ? null : list[gap - 1], gap === list.length ? null : list[gap]);
          list.splice(gap, 0, rank);
        }
        expectStrictlyOrdered(list);
        expect([...list].sort((a, b) => byteOrder(a, b))).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });

  it('uses an ASCII alphabet whose code-unit order is its byte order (as COLLATE "C" sorts)', () => {
    expect(isAscii(RANK_ALPHABET)).toBe(true);
    const chars = [...RANK_ALPHABET];
    expect([...chars].sort()).toEqual(chars);
    expect([...chars].sort((a, b) => byteOrder(a, b))).toEqual(chars);
  });
});
