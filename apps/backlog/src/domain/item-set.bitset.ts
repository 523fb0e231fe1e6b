/**
 * Immutable fixed-width sets of small integers (item positions) as 32-bit words. The dependency
 * analysis unions ancestor sets along every edge; on a 2,000-item neighbourhood a union is 63 word
 * ORs, where sets of strings would hash every member again.
 */
export type ItemBits = Uint32Array;

export function bitsWith(source: ItemBits | null, width: number, bit: number): ItemBits {
  const out = source ? source.slice() : new Uint32Array(Math.ceil(width / 32));
  out[bit >>> 5] |= 1 << (bit & 31);
  return out;
}

/** The union of the sets; shares the only non-empty input instead of copying it (sets are never mutated). */
export function unionOf(sets: readonly (ItemBits | null)[]): ItemBits | null {
  let shared: ItemBits | null = null;
  let owned: ItemBits | null = null;
  for (const set of sets) {
    if (set === null || set === shared) continue;
    if (shared === null) {
      shared = set;
      continue;
    }
    owned ??= shared.slice();
    for (let i = 0; i < set.length; i++) owned[i] |= set[i];
  }
  return owned ?? shared;
}

export function sizeOf(set: ItemBits | null): number {
  if (set === null) return 0;
  let count = 0;
  for (let i = 0; i < set.length; i++) {
    // Hamming weight of one 32-bit word (SWAR).
    let w = set[i];
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    count += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}
