/**
 * Project keys (`SHOP` in backlog item keys like `SHOP-42`): 2–10 of A-Z and 0-9, starting with a
 * letter, unique per instance. A project created without one gets one derived from its name.
 */
export const PROJECT_KEY = /^[A-Z][A-Z0-9]{1,9}$/;
const MAX_KEY_LENGTH = 10;
/** A one-word name contributes at most this many letters: short keys read better in `SHOP-42`. */
const SINGLE_WORD_KEY_LENGTH = 4;
const FALLBACK = 'PR';

/**
 * The key a name suggests: the initials of its words when it has several ("Fulcrum Web Shop" →
 * FWS), else the word's first letters ("Checkout" → CHEC); accents are dropped and other scripts
 * ignored; a result too short is padded with the name's next letters, or is `PR`.
 */
export function keyBaseOf(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
  const words = ascii.split(/[^A-Z0-9]+/).filter((w) => w.length > 0);
  const letters = words.join('').replace(/^[0-9]+/, '');
  let base = words.length >= 2 ? words.map((w) => w[0]).join('').replace(/^[0-9]+/, '') : letters.slice(0, SINGLE_WORD_KEY_LENGTH);
  if (base.length < 2) base = letters.slice(0, Math.max(2, Math.min(SINGLE_WORD_KEY_LENGTH, letters.length)));
  if (base.length < 2) base = FALLBACK;
  return base.slice(0, MAX_KEY_LENGTH);
}

/** Candidates in order: the base, then the base with 2, 3, … (shortened so the key stays ≤ 10). */
export function* keyCandidates(base: string): Generator<string> {
  yield base;
  for (let n = 2; ; n++) {
    const suffix = String(n);
    yield `${base.slice(0, MAX_KEY_LENGTH - suffix.length)}${suffix}`;
  }
}

/** The first candidate of `name` not in `taken` (upper-case keys). */
export function deriveKey(name: string, taken: ReadonlySet<string>): string {
  for (const candidate of keyCandidates(keyBaseOf(name))) if (!taken.has(candidate)) return candidate;
  throw new Error('unreachable: candidates are endless');
}
