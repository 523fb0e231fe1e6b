import fc from 'fast-check';
import { bitsWith, sizeOf, unionOf, type ItemBits } from './item-set.bitset';

const WIDTH = 100;
const build = (members: readonly number[]): ItemBits | null => members.reduce<ItemBits | null>((set, bit) => bitsWith(set, WIDTH, bit), null);
const membersOf = (set: ItemBits | null) => Array.from({ length: WIDTH }, (_, i) => i).filter((i) => set !== null && (set[i >>> 5] & (1 << (i & 31))) !== 0);

describe('item bit sets', () => {
  it('unions and counts like sets of numbers, without changing their inputs', () => {
    const members = fc.array(fc.integer({ min: 0, max: WIDTH - 1 }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(members, { maxLength: 5 }), (groups) => {
        const sets = groups.map(build);
        const before = sets.map(membersOf);
        const union = unionOf(sets);
        const expected = [...new Set(groups.flat())].sort((a, b) => a - b);
        expect(membersOf(union)).toEqual(expected);
        expect(sizeOf(union)).toBe(expected.length);
        expect(sets.map(membersOf)).toEqual(before);
      }),
    );
  });

  it('shares a lone non-empty input and counts the top bit of a word', () => {
    const only = build([31, 63, 99]);
    expect(unionOf([null, only, null, only])).toBe(only);
    expect(unionOf([])).toBeNull();
    expect(sizeOf(only)).toBe(3);
    expect(sizeOf(null)).toBe(0);
  });
});
