/**
 * Requests for every front door of the collector, valid and hostile mixed, as fast-check arbitraries,
 * and the serializer that turns them into the exact bytes sent.
 *
 * A `RequestSpec` is plain data: fast-check generates it from a seed, so a seed replays it.
 * `renderRequest` binds it to one run: the write key, a unique id per event (the invariant runner
 * reconciles by id), and the current time (for the clock-skew verdicts). Every part of a request
 * carries a verdict taken from docs/ingest.md:
 * - `ok`: allowed. A request made only of ok parts must be accepted.
 * - `bad`: the docs say it is refused. A request with a bad part must be refused.
 * - `any`: the docs leave it open. Accepting and refusing are both fine, as long as a 2xx means stored.
 *
 * The JSON is written by hand (`serialize`), not with JSON.stringify, so a body can carry what
 * JSON.stringify can't write: lone surrogates as `\ud800` escapes or as raw (invalid UTF-8) bytes,
 * duplicate keys, number literals such as `1e400` and `-0`, and 10,000 levels of nesting.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { INGEST_LIMITS, MAX_EVENT_ID_LENGTH, MAX_NAME_LENGTH } from '@fulcrum/contracts';

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

/** A JSON fragment written verbatim (number literals such as `1e400`). */
export class Raw {
  constructor(readonly text: string) {}
}
/** A string literal with raw bytes in the middle that are not valid UTF-8. */
export class BadBytes {
  constructor(
    readonly before: string,
    readonly bytes: readonly number[],
    readonly after: string,
  ) {}
}
/** An object whose entries are written in order; a key may repeat. */
export class Obj {
  constructor(readonly entries: ReadonlyArray<readonly [string, Doc]>) {}
}
/** One event of the request. Inside it, `TokenRef`, `MarkerRef` and `PadRef` refer to that event. */
export class Slot {
  constructor(
    readonly slot: number,
    readonly doc: Doc,
    /** A decoy event (in a duplicate key that JSON.parse overrides): its ids must never be stored. */
    readonly decoy = false,
  ) {}
}
/** The event's unique id: the run's token for the slot, then `suffix`, padded to `padTo` UTF-16 units. */
export class TokenRef {
  constructor(
    readonly suffix = '',
    readonly padTo?: number,
    readonly padUnit = 'x',
    readonly decoy = false,
  ) {}
}
/** The event's token as a plain value (the `fz` marker in context or properties). */
export class MarkerRef {}
/** The project's write key, with text around it. */
export class WriteKeyRef {
  constructor(
    readonly before = '',
    readonly after = '',
  ) {}
}
/** A string of `x` that makes its event exactly `targetBytes` long, measured as the collector measures it. */
export class PadRef {
  constructor(readonly targetBytes: number) {}
}
/** `depth` levels of arrays or objects around `leaf`. Written flat, so any depth can be serialised. */
export class Nest {
  constructor(
    readonly depth: number,
    readonly shape: 'array' | 'object',
    readonly leaf: Doc,
  ) {}
}
/** An array of `count` copies of `item`. */
export class Repeat {
  constructor(
    readonly count: number,
    readonly item: Doc,
  ) {}
}
/** A document serialised, then carried as a string: JSON text, or base64 of its bytes. */
export class Embedded {
  constructor(
    readonly doc: Doc,
    readonly as: 'json' | 'base64' | 'base64url' | 'base64-spaces',
  ) {}
}

export type Doc =
  | null
  | boolean
  | number
  | string
  | Raw
  | BadBytes
  | Obj
  | Slot
  | TokenRef
  | MarkerRef
  | WriteKeyRef
  | PadRef
  | Nest
  | Repeat
  | Embedded
  | readonly Doc[];

/** What a serialisation needs from the run. */
export interface RenderEnv {
  /** The unique token of an event (decoys get a different token that must never be stored). */
  token(slot: number, decoy: boolean): string;
  writeKey: string;
  /** Lone surrogates as `\ud800` escapes, everything non-ASCII escaped, or lone surrogates as raw bytes. */
  surrogates: 'escape' | 'ascii' | 'wtf8';
  /** Pad length per slot (PadRef). */
  pads: Map<number, number>;
  /** Set when invalid UTF-8 had to be replaced to embed a document as a JSON string. */
  replacedInvalidUtf8?: boolean;
}

interface Scope {
  slot: number;
  decoy: boolean;
}

export function resolveToken(ref: TokenRef, scope: Scope, env: RenderEnv): string {
  let id = env.token(scope.slot, scope.decoy || ref.decoy) + ref.suffix;
  if (ref.padTo !== undefined) {
    while (id.length < ref.padTo) id += id.length + ref.padUnit.length <= ref.padTo ? ref.padUnit : 'x';
  }
  return id;
}

const SIMPLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

function u4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A JSON string literal. Lone surrogates: escaped, or kept raw (written later as WTF-8 bytes). */
function quote(s: string, mode: RenderEnv['surrogates']): string {
  if (SIMPLE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) out += SHORT_ESCAPES[c] ?? u4(c);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      out += mode === 'ascii' ? u4(c) + u4(s.charCodeAt(i + 1)) : s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += mode === 'wtf8' ? s[i] : u4(c);
    else if (c > 0x7e && mode === 'ascii') out += u4(c);
    else out += s[i];
  }
  return `${out}"`;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** UTF-8, except that lone surrogates become their 3-byte (invalid) encodings, as in WTF-8. */
function wtf8(s: string): Buffer {
  if (!LONE_SURROGATE.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    parts.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]));
    start = i + 1;
  }
  parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

class Writer {
  private text: string[] = [];
  private readonly chunks: Buffer[] = [];
  constructor(private readonly env: RenderEnv) {}
  str(s: string): void {
    this.text.push(s);
  }
  bytes(b: Buffer): void {
    this.flush();
    this.chunks.push(b);
  }
  private flush(): void {
    if (this.text.length === 0) return;
    this.chunks.push(wtf8(this.text.join('')));
    this.text = [];
  }
  done(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
  get mode(): RenderEnv['surrogates'] {
    return this.env.surrogates;
  }
}

/** The exact bytes of a document. */
export function serialize(doc: Doc, env: RenderEnv, scope: Scope = { slot: -1, decoy: false }): Buffer {
  const w = new Writer(env);
  write(doc, w, env, scope);
  return w.done();
}

function write(doc: Doc, w: Writer, env: RenderEnv, scope: Scope): void {
  if (doc === null) return w.str('null');
  if (typeof doc === 'boolean') return w.str(doc ? 'true' : 'false');
  if (typeof doc === 'number') return w.str(Number.isFinite(doc) ? String(doc) : 'null');
  if (typeof doc === 'string') return w.str(quote(doc, w.mode));
  if (Array.isArray(doc)) {
    w.str('[');
    doc.forEach((d: Doc, i: number) => {
      if (i > 0) w.str(',');
      write(d, w, env, scope);
    });
    return w.str(']');
  }
  if (doc instanceof Raw) return w.str(doc.text);
  if (doc instanceof BadBytes) {
    w.str(quote(doc.before, w.mode).slice(0, -1));
    w.bytes(Buffer.from(doc.bytes));
    return w.str(quote(doc.after, w.mode).slice(1));
  }
  if (doc instanceof Obj) {
    w.str('{');
    doc.entries.forEach(([k, v], i) => {
      if (i > 0) w.str(',');
      w.str(quote(k, w.mode));
      w.str(':');
      write(v, w, env, scope);
    });
    return w.str('}');
  }
  if (doc instanceof Slot) return write(doc.doc, w, env, { slot: doc.slot, decoy: doc.decoy });
  if (doc instanceof TokenRef) return w.str(quote(resolveToken(doc, scope, env), w.mode));
  if (doc instanceof MarkerRef) return w.str(quote(env.token(scope.slot, scope.decoy), w.mode));
  if (doc instanceof WriteKeyRef) return w.str(quote(doc.before + env.writeKey + doc.after, w.mode));
  if (doc instanceof PadRef) return w.str(`"${'x'.repeat(env.pads.get(scope.slot) ?? 0)}"`);
  if (doc instanceof Nest) {
    const open = doc.shape === 'array' ? '[' : '{"a":';
    const close = doc.shape === 'array' ? ']' : '}';
    w.str(open.repeat(doc.depth));
    write(doc.leaf, w, env, scope);
    return w.str(close.repeat(doc.depth));
  }
  if (doc instanceof Repeat) {
    const item = serialize(doc.item, env, scope).toString('latin1');
    w.str('[');
    w.bytes(Buffer.from(Array.from({ length: doc.count }, () => item).join(','), 'latin1'));
    return w.str(']');
  }
  if (doc instanceof Embedded) {
    if (doc.as === 'json') {
      // JSON text inside a JSON string is text, not bytes: lone surrogates travel in it as `\ud800`
      // escapes (raw WTF-8 bytes would have to be decoded first, into U+FFFD, changing the ids).
      const textEnv: RenderEnv = { ...env, surrogates: env.surrogates === 'wtf8' ? 'escape' : env.surrogates };
      const inner = serialize(doc.doc, textEnv, scope);
      if (!isUtf8(inner)) env.replacedInvalidUtf8 = true;
      return w.str(quote(new TextDecoder().decode(inner), w.mode));
    }
    const inner = serialize(doc.doc, env, scope);
    const b64 = inner.toString(doc.as === 'base64url' ? 'base64url' : 'base64');
    return w.str(quote(doc.as === 'base64-spaces' ? b64.replace(/\+/g, ' ') : b64, w.mode));
  }
  w.str(`"${'x'.repeat(env.pads.get(scope.slot) ?? 0)}"`);
}

/**
 * An event's size as the collector measures it: the parsed item serialised again with
 * JSON.stringify. Undefined when that is impossible (not UTF-8, not JSON, nested too deep).
 */
export function collectorEventBytes(slot: Slot, env: RenderEnv, exact = false): number | undefined {
  try {
    const bytes = serialize(slot, env);
    // Far below the limit the exact figure doesn't matter (re-serialising changes a few bytes at most).
    if (!exact && bytes.length < INGEST_LIMITS.maxEventBytes / 2) return bytes.length;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return Buffer.byteLength(JSON.stringify(JSON.parse(text)) ?? '', 'utf8');
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Verdicts and parts
// ---------------------------------------------------------------------------------------------

export type Verdict = 'ok' | 'bad' | 'any';

/** Arbitraries are built once per set of arguments (building them inside `chain` on every draw is slow). */
function memo<A extends unknown[], T>(build: (...args: A) => T): (...args: A) => T {
  const cache = new Map<string, T>();
  return (...args: A): T => {
    const key = JSON.stringify(args);
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = build(...args)));
    return value;
  };
}

export function worst(...verdicts: Verdict[]): Verdict {
  return verdicts.includes('bad') ? 'bad' : verdicts.includes('any') ? 'any' : 'ok';
}

/** A piece of a request with its verdict and what makes it hostile. `ms`: the instant a time value means. */
export interface Part {
  doc: Doc;
  v: Verdict;
  tags: readonly string[];
  ms?: number;
}

/**
 * Refusals the docs call for that a collector can get subtly wrong (limits off by one, impossible
 * dates, clock corrections out of range). Requests meant to reach storage carry these, and never
 * the gross mistakes (wrong types, missing fields) that would hide everything else in the request.
 */
const SUBTLE = new Set(['skew', 'offset', 'id-129', 'name-1025', 'name-unicode-blank', 'identity-unsafe-integer', 'identity-1025', 'timestamp-impossible', 'event-over-32k']);

function notGross<T extends { v: Verdict; tags: readonly string[] }>(p: T): boolean {
  return p.v !== 'bad' || p.tags.some((t) => SUBTLE.has(t));
}

function part(doc: Doc, v: Verdict = 'ok', tags: readonly string[] = [], ms?: number): Part {
  return ms === undefined ? { doc, v, tags } : { doc, v, tags, ms };
}

function objPart(entries: ReadonlyArray<readonly [string, Part]>, extra: ReadonlyArray<readonly [string, Doc]> = []): Part {
  return {
    doc: new Obj([...entries.map(([k, p]) => [k, p.doc] as const), ...extra]),
    v: worst(...entries.map(([, p]) => p.v)),
    tags: entries.flatMap(([, p]) => p.tags),
  };
}

const YEAR_0 = Date.parse('0000-01-01T00:00:00.000Z');
const YEAR_9999_END = Date.parse('9999-12-31T23:59:59.999Z');
const DAY = 86_400_000;

const YEAR_2 = Date.parse('0002-01-01T00:00:00.000Z');
const YEAR_9998_END = Date.parse('9998-12-31T23:59:59.999Z');

/**
 * Docs: a timestamp (after clock-skew correction) outside the years 0000–9999 is refused. Near the
 * ends (years 0000, 0001, 9999) either answer is accepted: where exactly the range ends is the
 * collector's choice (DuckDB and JavaScript disagree about year 0), as long as a 2xx means stored.
 */
export function instantVerdict(ms: number): Verdict {
  if (!Number.isFinite(ms)) return 'bad';
  if (ms < YEAR_0 - 2 * DAY || ms > YEAR_9999_END + 2 * DAY) return 'bad';
  if (ms < YEAR_2 || ms > YEAR_9998_END) return 'any';
  return 'ok';
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const WORDS = ['alpha', 'beta', 'plan', 'pro', 'free', 'checkout', 'signup', 'value', 'Montréal', '日本語', 'größe', 'a b', 'x'];
const word = fc.constantFrom(...WORDS);
const LONE = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800', '\ud83d'];

const loneSurrogateText = fc
  .tuple(word, fc.constantFrom(...LONE), fc.constantFrom('', 'x', ' tail'))
  .map(([a, l, b]) => part(a + l + b, 'any', ['lone-surrogate']));

/** Strings that are hostile in a value: lone surrogates, NUL, controls; and unusual but valid Unicode. */
const hostileText: fc.Arbitrary<Part> = fc.oneof(
  { weight: 4, arbitrary: loneSurrogateText },
  { weight: 2, arbitrary: fc.constantFrom('a\u0000b', '\u0000', 'nul\u0000\u0000').map((s) => part(s, 'any', ['nul'])) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('\u0001\u0002\u001f', 'tab\tnew\nline\r', '\u007f\u0085\u009f', '\u001b[31mred').map((s) => part(s, 'any', ['control-chars'])),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('😀', '👩‍👩‍👧‍👦', '🇫🇷', '𝄞 music', 'e\u0301', 'a\u2028b\u2029', '\ufeffbom', '\uffff\ufffe', '\ufffd', 'עברית \u202e')
      .map((s) => part(s, 'ok', ['astral-unicode'])),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("'; DROP TABLE events; --", '{"a":1}', '\\u0000', '%00', '${jndi:ldap://x}', '__proto__').map((s) => part(s, 'ok', ['injection-text'])),
  },
);

const NUMBER_LITERALS: ReadonlyArray<readonly [string, Verdict, string]> = [
  ['1e400', 'any', 'number-overflow'],
  ['-1e400', 'any', 'number-overflow'],
  ['1e-400', 'any', 'number-underflow'],
  ['-0', 'ok', 'number-edge'],
  ['1e308', 'ok', 'number-edge'],
  ['1.7976931348623157e308', 'ok', 'number-edge'],
  ['9007199254740993', 'ok', 'number-edge'],
  ['-9007199254740993', 'ok', 'number-edge'],
  ['5e-324', 'ok', 'number-edge'],
  ['123456789012345678901234567890', 'ok', 'number-edge'],
  ['1E5', 'ok', 'number-edge'],
  ['-1e+2', 'ok', 'number-edge'],
];
const weirdNumber = fc.constantFrom(...NUMBER_LITERALS).map(([text, v, tag]) => part(new Raw(text), v, [tag]));

const deepNesting = fc
  .tuple(fc.constantFrom(10, 100, 1000, 4110, 5000, 10_000), fc.constantFrom('array' as const, 'object' as const), fc.constantFrom<Doc>(1, 'leaf', null))
  .map(([depth, shape, leaf]) => part(new Nest(depth, shape, leaf), depth <= 10 ? 'ok' : 'any', [`nested-${depth}`]));

const hugeArray = fc
  .tuple(fc.constantFrom(1000, 5000, 20_000), fc.constantFrom<Doc>(0, 'x', null, true, new Obj([])))
  .map(([n, item]) => part(new Repeat(n, item), 'ok', n > 5000 ? ['huge-array', 'over-limit'] : ['huge-array']));

const longText = fc.constantFrom(1000, 10_000, 31_000, 40_000).map((n) => part('x'.repeat(n), 'ok', n > 10_000 ? ['long-string', 'over-limit'] : ['long-string']));

/** Ordinary JSON values (fc.jsonValue is several times slower to draw, and this is drawn a lot). */
const plainScalar: fc.Arbitrary<Doc> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
  fc.boolean(),
  fc.constant(null),
  word,
  fc.string({ maxLength: 12 }),
);
const plainDoc: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 6, arbitrary: plainScalar },
  { weight: 1, arbitrary: fc.array(plainScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.tuple(word, plainScalar), { maxLength: 3 }).map((e) => new Obj(dedupe(e))) },
);

function dedupe(entries: Array<[string, Doc]>): Array<[string, Doc]> {
  return [...new Map(entries)];
}

const duplicateKeyObject = fc
  .tuple(word, plainScalar, plainScalar)
  .map(([k, a, b]) => part(new Obj([[k, a], ['other', 1], [k, b]]), 'any', ['duplicate-key']));

const plainValue = plainDoc.map((d) => part(d));

const hostileValue: fc.Arbitrary<Part> = fc.oneof(
  { weight: 5, arbitrary: hostileText },
  { weight: 3, arbitrary: weirdNumber },
  { weight: 2, arbitrary: deepNesting },
  { weight: 1, arbitrary: hugeArray },
  { weight: 1, arbitrary: longText },
  { weight: 2, arbitrary: duplicateKeyObject },
  { weight: 1, arbitrary: invalidUtf8String() },
);

function invalidUtf8String(): fc.Arbitrary<Part> {
  return fc
    .constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80])
    .map((bytes) => part(new BadBytes('in', bytes, 'valid'), 'bad', ['raw-invalid-utf8']));
}

const PLAIN_KEYS = ['plan', 'revenue', 'button', 'path', 'items', 'n', 'flag', 'nested', 'title', 'Größe', '日本'];
const plainKey = fc.constantFrom(...PLAIN_KEYS).map((k) => part(k));
const hostileKey: fc.Arbitrary<Part> = fc.oneof(
  fc.constantFrom(...LONE).map((l) => part(`k${l}`, 'any', ['lone-surrogate-key'])),
  fc.constantFrom('\u0000', 'a\u0000b').map((k) => part(k, 'any', ['nul-key'])),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => part(k, 'any', ['proto-key'])),
  fc.constantFrom('', ' ', 'a.b', '$.x', "a'b", 'k'.repeat(2000), '😀').map((k) => part(k, 'ok', ['odd-key'])),
);

/** Property or trait entries: plain ones only. */
const plainEntries = fc.array(fc.tuple(plainKey, plainValue), { maxLength: 5 }).map(uniqueByKey);

function uniqueByKey(entries: Array<[Part, Part]>): Array<[string, Part]> {
  const seen = new Set<string>();
  const out: Array<[string, Part]> = [];
  for (const [k, v] of entries) {
    const key = k.doc as string;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([key, { ...v, tags: [...k.tags, ...v.tags], v: worst(k.v, v.v) }]);
  }
  return out;
}

// Timestamps --------------------------------------------------------------------------------

const MIN_NORMAL = Date.parse('2015-01-01T00:00:00Z');
const MAX_NORMAL = Date.parse('2035-01-01T00:00:00Z');

/** Valid ISO-8601 forms the docs list, for instants between 2015 and 2035. */
const validTimestamp: fc.Arbitrary<Part> = fc
  .tuple(fc.integer({ min: MIN_NORMAL, max: MAX_NORMAL }), fc.integer({ min: 0, max: 8 }))
  .map(([ms, form]) => {
    const iso = new Date(ms).toISOString();
    const plus2 = new Date(ms + 2 * 3_600_000).toISOString().slice(0, 23);
    switch (form) {
      case 0:
        return part(iso, 'ok', [], ms);
      case 1:
        return part(`${plus2}+02:00`, 'ok', [], ms);
      case 2:
        return part(iso.slice(0, 23), 'ok', [], ms);
      case 3:
        return part(iso.slice(0, 10), 'ok', [], Date.parse(iso.slice(0, 10)));
      case 4:
        return part(`${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`, 'ok', [], ms);
      case 5:
        return part(`${iso.slice(0, 19)},${iso.slice(20, 23)}Z`, 'ok', [], ms);
      case 6:
        return part(`${iso.slice(0, 23)}456Z`, 'ok', [], ms);
      case 7:
        return part(iso.replace('T', 't').replace('Z', 'z'), 'ok', [], ms);
      default:
        return part(`${plus2.slice(0, 19)}+0200`, 'ok', [], ms - (ms % 1000));
    }
  });

const EDGE_TIMESTAMPS: ReadonlyArray<readonly [string, number]> = [
  ['0000-01-01T00:00:00Z', YEAR_0],
  ['0000-01-01T00:00:00+23:59', YEAR_0 - (23 * 60 + 59) * 60_000],
  ['0000-03-01T00:00:00-00:01', Date.parse('0000-03-01T00:01:00Z')],
  ['9999-12-31T23:59:59.999Z', YEAR_9999_END],
  ['9999-12-31T23:59:59.999-23:59', YEAR_9999_END + (23 * 60 + 59) * 60_000],
  ['0001-01-01T00:00:00Z', Date.parse('0001-01-01T00:00:00Z')],
  ['1970-01-01T00:00:00Z', 0],
  ['1900-02-28T23:59:59Z', Date.parse('1900-02-28T23:59:59Z')],
  ['2038-01-19T03:14:08Z', Date.parse('2038-01-19T03:14:08Z')],
  ['2024-02-29T12:00:00Z', Date.parse('2024-02-29T12:00:00Z')],
];
const edgeTimestamp = fc.constantFrom(...EDGE_TIMESTAMPS).map(([s, ms]) => part(s, instantVerdict(ms) === 'ok' ? 'ok' : 'any', ['timestamp-edge'], ms));

const IMPOSSIBLE_TIMESTAMPS = [
  '2024-02-30T00:00:00Z',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-03-01T24:00:00Z',
  '2024-03-01T10:60:00Z',
  '2024-03-01T10:00:60Z',
  '2024-03-01T10:00:00+24:00',
  '2024-04-31',
];
/** A valid ISO string: ok when it means a normal instant, `any` near or beyond the years 0000–9999. */
function timePart(text: string, tags: string[]): Part {
  const ms = isoMs(text);
  return part(text, instantVerdict(ms) === 'ok' ? 'ok' : 'any', tags, ms);
}

/** Date.parse can't read years 0000 with offsets reliably across engines: compute it. */
function isoMs(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (!m) return Date.parse(text);
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7] ?? 0));
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  return d.getTime() - offset;
}

const INVALID_TIMESTAMPS = [
  'garbage',
  '',
  '   ',
  'now',
  '1709287200000',
  '+002024-03-01T00:00:00Z',
  'Fri, 01 Mar 2024 10:00:00 GMT',
  '2024-03-01T10:00:00.000Z\u0000',
  '2024-03-01T10:00:00Z\ud800',
];
const invalidTimestamp: fc.Arbitrary<Part> = fc.oneof(
  fc.constantFrom(...IMPOSSIBLE_TIMESTAMPS).map((s) => part(s, 'bad', ['timestamp-impossible'])),
  fc.constantFrom(...INVALID_TIMESTAMPS).map((s) => part(s, 'bad', ['timestamp-invalid'])),
  fc.constantFrom<Doc>(1709287200000, new Raw('1e400'), true, new Obj([]), [], 0).map((d) => part(d, 'bad', ['timestamp-not-string'])),
);

const hostileTimestamp: fc.Arbitrary<Part> = fc.oneof({ weight: 3, arbitrary: edgeTimestamp }, { weight: 3, arbitrary: invalidTimestamp });

// Identities --------------------------------------------------------------------------------

/** A small shared pool, so identify/alias chains form across requests. */
const POOL = 40;
const pooledId = fc.tuple(fc.constantFrom('P', 'A', 'X'), fc.integer({ min: 0, max: POOL - 1 })).map(([p, n]) => `${p}${n}`);

type Door = 'native' | 'segment' | 'posthog';

const identityPart = memo((door: Door): fc.Arbitrary<Part> => {
  const integers = door === 'native' ? 'bad' : 'ok';
  return fc.oneof(
    { weight: 30, arbitrary: pooledId.map((s) => part(s)) },
    { weight: 2, arbitrary: fc.constantFrom('👤42', 'user@example.com', 'u'.repeat(MAX_NAME_LENGTH)).map((s) => part(s, 'ok', ['identity-unusual'])) },
    { weight: 2, arbitrary: fc.constantFrom(42, 0, -7, 9007199254740991).map((n) => part(n, integers, ['integer-id'])) },
    { weight: 1, arbitrary: fc.constantFrom<Doc>(1.5, true, new Obj([]), [], '', '   ').map((d) => part(d, 'bad', ['identity-invalid'])) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<readonly [Doc, string]>(
        [new Raw('9007199254740993'), 'identity-unsafe-integer'],
        [new Raw('-9007199254740993'), 'identity-unsafe-integer'],
        ['u'.repeat(MAX_NAME_LENGTH + 1), 'identity-1025'],
      ).map(([d, tag]) => part(d, 'bad', [tag])),
    },
    { weight: 3, arbitrary: hostileText.filter((p) => p.v !== 'ok') },
  );
});

const hostileIdentity = memo((door: Door): fc.Arbitrary<Part> => identityPart(door).filter((p) => p.v !== 'ok' || p.tags.length > 0));

// Event names -------------------------------------------------------------------------------

const validName = fc.constantFrom('Order Completed', 'Page Viewed', 'Signed Up', 'button clicked', '$pageview', '🚀 launched', 'checkout.step_2').map((s) => part(s));
const hostileName: fc.Arbitrary<Part> = fc.oneof(
  fc.constantFrom('n'.repeat(MAX_NAME_LENGTH), '😀'.repeat(MAX_NAME_LENGTH / 2)).map((s) => part(s, 'ok', ['name-1024'])),
  fc.constantFrom('n'.repeat(MAX_NAME_LENGTH + 1), '😀'.repeat(MAX_NAME_LENGTH / 2 + 1)).map((s) => part(s, 'bad', ['name-1025'])),
  fc.constantFrom<Doc>('', '  ', 42, new Obj([]), [], true).map((d) => part(d, 'bad', ['name-invalid'])),
  // Blank to String.prototype.trim, which the docs' "not blank" follows: Unicode spaces and line separators.
  fc.constantFrom('\u2028\u2029', '\u00a0', '\u3000', '\ufeff', '\u2003\u200a').map((d) => part(d, 'bad', ['name-unicode-blank'])),
  hostileText.map((p) => ({ ...p, tags: p.tags.map((t) => `name-${t}`) })),
);

// Ids ---------------------------------------------------------------------------------------

/** How an event carries its id: the run's token (reconciled by id), none (the collector makes one), or an invalid one. */
export type IdKind = 'token' | 'generated' | 'invalid';

interface IdChoice {
  /** Entries for the id key (two for a duplicate key; none when absent). */
  values: Part[];
  kind: IdKind;
  ref?: TokenRef;
}

const idChoice = memo((door: Door, hostile: boolean): fc.Arbitrary<IdChoice> => {
  const plain: fc.Arbitrary<IdChoice> = fc.constant(null).map(() => {
    const ref = new TokenRef();
    return { values: [part(ref)], kind: 'token' as const, ref };
  });
  if (!hostile) {
    return fc.oneof(
      { weight: 20, arbitrary: plain },
      {
        weight: 2,
        arbitrary: fc.constantFrom('-😀', ':1', ' spaced', '/p?q#f', '-ünï').map((suffix) => {
          const ref = new TokenRef(suffix);
          return { values: [part(ref)], kind: 'token' as const, ref };
        }),
      },
      { weight: 1, arbitrary: fc.constantFrom<Doc | undefined>(undefined, null).map((d) => ({ values: d === undefined ? [] : [part(d)], kind: 'generated' as const })) },
    );
  }
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...LONE, '\u0000', '\u0001\u001f', '\u2028', '\ufeff').map((suffix) => {
        const ref = new TokenRef(`-${suffix}`);
        const tag = hasLoneSurrogate(suffix) ? 'id-lone-surrogate' : suffix.includes('\u0000') ? 'id-nul' : 'id-control';
        return { values: [part(ref, 'any', [tag])], kind: 'token' as const, ref };
      }),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom('x', '😀').map((unit) => {
        const ref = new TokenRef('', MAX_EVENT_ID_LENGTH, unit);
        return { values: [part(ref, 'ok', ['id-128'])], kind: 'token' as const, ref };
      }),
    },
    {
      weight: 2,
      arbitrary: fc.constant(null).map(() => {
        const ref = new TokenRef('', MAX_EVENT_ID_LENGTH + 1);
        return { values: [part(ref, 'bad', ['id-129'])], kind: 'token' as const, ref };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Doc>('', '   ').map((d) =>
        door === 'posthog' && d === ''
          ? { values: [part(d, 'ok', ['id-empty'])], kind: 'generated' as const }
          : { values: [part(d, 'bad', ['id-blank'])], kind: 'invalid' as const },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Doc>(42, true, new Obj([]), [], new Raw('1e400')).map((d) => ({ values: [part(d, 'bad', ['id-wrong-type'])], kind: 'invalid' as const })),
    },
    {
      weight: 2,
      arbitrary: fc.constant(null).map(() => {
        const ref = new TokenRef();
        return { values: [part(new TokenRef('', undefined, 'x', true), 'any', ['duplicate-key-id']), part(ref)], kind: 'token' as const, ref };
      }),
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export type Kind = 'track' | 'identify' | 'page' | 'screen' | 'group' | 'alias';
const RESERVED: Record<Kind, string> = {
  track: '',
  identify: '$identify',
  page: '$page',
  screen: '$screen',
  group: '$groupidentify',
  alias: '$create_alias',
};

/** Everything about an event's time the verdict needs (the request-level `sentAt` is added by the body). */
export interface TimeParts {
  timestamp?: Part;
  sentAt?: Part;
  originalTimestamp?: Part;
  offset?: Part;
  ignoreSentAt?: boolean;
}

/** One event as the body builders use it. */
export interface EventDraft {
  door: Door;
  kind: Kind;
  entries: Array<[string, Part]>;
  id: IdChoice;
  time: TimeParts;
  tags: string[];
  v: Verdict;
}

export interface SlotInfo {
  idKind: IdKind;
  ref?: TokenRef;
  v: Verdict;
  time: TimeParts & { door: Door; requestSentAt?: Part; querySentAt?: 'now' | 'huge' };
  tags: string[];
  slot: Slot;
  /** A PadRef inside: its length is computed at render time. */
  padded?: number;
}

/** How hostile an event is: not, in ways that should still be stored, or in any way (gross mistakes too). */
type Hostility = 'none' | 'storage' | 'subtle' | 'validation';

interface EventInput {
  kind: Kind;
  hostile: boolean;
  id: IdChoice;
  name: Part;
  user?: Part;
  anon?: Part;
  other?: Part;
  props: Array<[string, Part]>;
  context: Array<[string, Part]>;
  timestamp?: Part;
  sentAt?: Part;
  mutations: Mutation[];
}

type Mutation =
  | { m: 'prop-value'; key: string; value: Part }
  | { m: 'prop-key'; key: Part; value: Part }
  | { m: 'wrong-type'; field: number; value: Part }
  | { m: 'unknown-field'; key: Part; value: Part }
  | { m: 'duplicate-field'; field: number; first: Part }
  | { m: 'drop-identity' }
  | { m: 'drop-required' }
  | { m: 'pad'; target: number }
  | { m: 'skew'; timestamp: Part; sentAt: Part }
  | { m: 'offset'; value: Part }
  | { m: 'type-mismatch' }
  | { m: 'reserved-context' };

const WRONG_TYPES: readonly Doc[] = [42, true, [], new Obj([]), 'text', 1.5];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...PLAIN_KEYS), hostileValue).map(([key, value]) => ({ m: 'prop-value' as const, key, value })) },
  { weight: 3, arbitrary: fc.tuple(hostileKey, plainValue).map(([key, value]) => ({ m: 'prop-key' as const, key, value })) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...WRONG_TYPES)).map(([field, d]) => ({ m: 'wrong-type' as const, field, value: part(d, 'bad', ['wrong-type']) })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.oneof(fc.constantFrom('user_id', 'foo', 'eventName', 'ts').map((k) => part(k)), hostileKey), plainValue).map(([key, value]) => ({
      m: 'unknown-field' as const,
      key,
      value,
    })),
  },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), fc.constantFrom<Doc>(7, 'first', null, new Obj([]))).map(([field, d]) => ({ m: 'duplicate-field' as const, field, first: part(d) })) },
  { weight: 1, arbitrary: fc.constant({ m: 'drop-identity' as const }) },
  { weight: 1, arbitrary: fc.constant({ m: 'drop-required' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(INGEST_LIMITS.maxEventBytes - 1, INGEST_LIMITS.maxEventBytes, INGEST_LIMITS.maxEventBytes + 1, INGEST_LIMITS.maxEventBytes + 1000)
      .map((target) => ({ m: 'pad' as const, target })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<readonly [string, string]>(
        // Corrections that leave the years 0000-9999 (refused) ...
        ['0001-01-01T00:00:00Z', '9999-01-01T00:00:00Z'],
        ['9999-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
        ['2024-03-01T10:00:00Z', '9999-12-31T23:59:59Z'],
        ['9000-03-01T10:00:00Z', '2020-03-01T10:00:00Z'],
        // ... and ones that stay inside, from odd values.
        ['2024-03-01T10:00:00Z', '0000-01-01T00:00:00+23:59'],
        ['2024-03-01T10:00:00Z', '2024-03-01T10:00:05Z'],
        ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00Z'],
        ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
        ['2024-03-01T10:00:00-23:59', '2024-03-01T10:00:00+23:59'],
      )
      .map(([t, s]) => ({ m: 'skew' as const, timestamp: timePart(t, ['skew']), sentAt: timePart(s, ['skew']) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<readonly [Doc, Verdict, number | undefined]>(
        [new Raw('9000000000000000'), 'ok', 9e15],
        [new Raw('-9000000000000000'), 'ok', -9e15],
        [new Raw('8640000000000000'), 'ok', 8.64e15],
        [-1500, 'ok', -1500],
        [1500, 'ok', 1500],
        [0, 'ok', 0],
        [new Raw('-0'), 'ok', 0],
        [1.5, 'bad', undefined],
        ['100', 'bad', undefined],
        [new Raw('1e400'), 'bad', undefined],
        [new Raw('9007199254740993'), 'bad', undefined],
        [new Raw('9007199254740991'), 'ok', 9007199254740991],
        [true, 'bad', undefined],
      )
      .map(([d, v, ms]) => ({ m: 'offset' as const, value: part(d, v, v === 'bad' ? ['offset-invalid'] : ['offset'], ms) })),
  },
  { weight: 1, arbitrary: fc.constant({ m: 'type-mismatch' as const }) },
  { weight: 1, arbitrary: fc.constant({ m: 'reserved-context' as const }) },
);

/** Mutations that keep an event valid (`strict`), or make it invalid only in a subtle way. */
const storageMutation = memo((door: Door, strict: boolean): fc.Arbitrary<Mutation> =>
  mutationArb.filter((mu) => {
    const keep = (p: Part): boolean => (strict ? p.v !== 'bad' && !p.tags.includes('over-limit') : notGross(p));
    switch (mu.m) {
      case 'prop-value':
        return keep(mu.value);
      case 'prop-key':
        return keep(mu.key);
      case 'unknown-field':
        return door !== 'native';
      case 'offset':
        return keep(mu.value) && !(strict && Math.abs(mu.value.ms ?? 0) > 1e12);
      case 'skew':
        return !strict || instantVerdict(Date.now() - ((mu.sentAt.ms ?? 0) - (mu.timestamp.ms ?? 0))) !== 'bad';
      case 'pad':
        return !strict || mu.target <= INGEST_LIMITS.maxEventBytes;
      case 'type-mismatch':
        return door === 'posthog';
      case 'wrong-type':
      case 'drop-identity':
      case 'drop-required':
      case 'reserved-context':
        return false;
      default:
        return true;
    }
  }),
);

const eventInput = memo((door: Door, kinds: readonly Kind[], hostility: Hostility): fc.Arbitrary<EventInput> => {
  const hostile = hostility !== 'none';
  const keep = <T extends { v: Verdict; tags: readonly string[] }>(a: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    hostility === 'storage' ? a.filter((p) => p.v !== 'bad') : hostility === 'subtle' ? a.filter(notGross) : a;
  const pooled = pooledId.map((s) => part(s));
  return fc.record({
    kind: fc.constantFrom(...kinds),
    hostile: fc.constant(hostile),
    id: !hostile
      ? idChoice(door, false)
      : fc.oneof(
          { weight: 3, arbitrary: idChoice(door, false) },
          {
            weight: 2,
            arbitrary:
              hostility === 'storage'
                ? idChoice(door, true).filter((c) => c.values.every((p) => p.v !== 'bad'))
                : hostility === 'subtle'
                  ? idChoice(door, true).filter((c) => c.values.every(notGross))
                  : idChoice(door, true),
          },
        ),
    name: hostile ? fc.oneof({ weight: 4, arbitrary: validName }, { weight: 1, arbitrary: keep(hostileName) }) : validName,
    user: fc.option(hostile ? fc.oneof({ weight: 4, arbitrary: keep(identityPart(door)) }, { weight: 1, arbitrary: keep(hostileIdentity(door)) }) : pooled, {
      freq: 3,
      nil: undefined,
    }),
    anon: fc.option(hostile ? keep(identityPart(door)) : pooled, { freq: 2, nil: undefined }),
    other: fc.option(hostile ? keep(identityPart(door)) : pooled, { freq: 8, nil: undefined }),
    props: plainEntries,
    context: fc.array(fc.tuple(fc.constantFrom('ip', 'locale', 'page', 'device', 'userAgent'), plainValue), { maxLength: 3 }).map((e) => uniqueByKey(e.map(([k, v]) => [part(k), v]))),
    timestamp: fc.option(hostile ? fc.oneof({ weight: 3, arbitrary: validTimestamp }, { weight: 2, arbitrary: keep(hostileTimestamp) }) : validTimestamp, {
      freq: 2,
      nil: undefined,
    }),
    sentAt: fc.option(hostile ? fc.oneof({ weight: 3, arbitrary: validTimestamp }, { weight: 1, arbitrary: keep(hostileTimestamp) }) : validTimestamp, {
      freq: 4,
      nil: undefined,
    }),
    mutations:
      hostility === 'validation'
        ? fc.array(mutationArb, { minLength: 1, maxLength: 2 })
        : hostility === 'none'
          ? fc.constant([])
          : fc.array(storageMutation(door, hostility === 'storage'), { minLength: 1, maxLength: 2 }),
  });
});

/** The field holding the event's properties (or traits) for a door and kind; undefined when it has none. */
function propsField(door: Door, kind: Kind): string | undefined {
  if (door !== 'segment') return 'properties';
  if (kind === 'identify' || kind === 'group') return 'traits';
  if (kind === 'alias') return undefined;
  return 'properties';
}

/** Field names that only carry a verdict (a field removed on purpose); never sent. */
const PLACEHOLDER = '\u0000verdict:';

/** Builds a door's event from the generated input, applying the mutations with their verdicts. */
function buildEvent(door: Door, input: EventInput, routeKind?: Kind): EventDraft {
  const kind = routeKind ?? input.kind;
  const tags: string[] = [];
  const v: Verdict[] = [];
  const fields: Array<[string, Part]> = [];
  const idKey = door === 'native' ? 'id' : door === 'segment' ? 'messageId' : 'uuid';
  for (const value of input.id.values) fields.push([idKey, value]);
  let user = input.user;
  let anon = input.anon;
  // Identity: every event needs one (alias on Segment needs a userId; PostHog only has distinct_id).
  if (door === 'posthog') user ??= anon ?? part('P0');
  else if (kind === 'alias' && door === 'segment') user ??= part('X0');
  else if (!user && !anon) user = part('P1');
  if (door === 'posthog' && kind !== 'identify') anon = undefined;

  const props = [...input.props];
  const context = [...input.context];
  const time: TimeParts = { timestamp: input.timestamp, sentAt: door === 'posthog' ? undefined : input.sentAt };

  switch (door) {
    case 'native':
      if (kind !== 'track' || input.hostile) fields.push(['type', part(kind)]);
      if (kind === 'track') fields.push(['event', input.name]);
      if (user) fields.push(['userId', user]);
      if (anon) fields.push(['anonymousId', anon]);
      break;
    case 'segment':
      fields.push(['type', part(kind)]);
      if (user) fields.push(['userId', user]);
      if (anon) fields.push(['anonymousId', anon]);
      if (kind === 'track') fields.push(['event', input.name]);
      if ((kind === 'page' || kind === 'screen') && input.other) fields.push(['name', part('Home')]);
      if (kind === 'group') fields.push(['groupId', input.other ?? part('G1')]);
      if (kind === 'alias') fields.push(['previousId', input.other ?? part('A0')]);
      break;
    case 'posthog': {
      const name = kind === 'track' ? input.name : part(kind === 'page' ? '$pageview' : kind === 'screen' ? '$screen' : RESERVED[kind]);
      fields.push(['event', name]);
      if (user) fields.push(['distinct_id', user]);
      if (kind === 'identify' && anon) props.push(['$anon_distinct_id', anon]);
      if (kind === 'alias') props.push(['alias', input.other ?? part('A0')]);
      // $group_key is an ordinary property to the collector (only distinct ids are checked).
      const key = input.other ?? part('G1');
      if (kind === 'group') props.push(['$group_type', part('company')], ['$group_key', { ...key, v: key.v === 'bad' ? 'ok' : key.v }]);
      break;
    }
  }
  if (time.timestamp && door === 'segment' && input.anon !== undefined) {
    // Segment's client clock may come as originalTimestamp (it wins over timestamp).
    time.originalTimestamp = time.timestamp;
    time.timestamp = undefined;
    fields.push(['originalTimestamp', time.originalTimestamp]);
  }
  if (time.timestamp) fields.push(['timestamp', time.timestamp]);
  if (door === 'posthog' && kind === 'identify' && input.other) fields.push(['$set', part(new Obj([['plan', 'pro']]))]);
  if (time.sentAt) fields.push(['sentAt', time.sentAt]);

  // Container-level mutations first, then the containers become fields, then field-level mutations.
  let pad: number | undefined;
  let reservedContext = false;
  for (const mu of input.mutations) {
    if (mu.m === 'prop-value') props.push([`${mu.key}_h`, mu.value]);
    else if (mu.m === 'prop-key') props.push([mu.key.doc as string, { ...mu.value, v: worst(mu.key.v, mu.value.v), tags: [...mu.key.tags, ...mu.value.tags] }]);
    else if (mu.m === 'pad') pad = mu.target;
    else if (mu.m === 'reserved-context' && door === 'segment') reservedContext = true;
  }
  const propsKey = propsField(door, kind);
  const markerHost = door === 'posthog' ? props : context;
  const markerEntry: readonly [string, Doc] = ['fz', new MarkerRef()];
  const extra = (host: Array<[string, Part]>): Array<readonly [string, Doc]> => [
    ...(host === markerHost ? [markerEntry] : []),
    ...(pad !== undefined && host === props ? [['pad', new PadRef(pad)] as const] : []),
  ];
  if (propsKey && (props.length > 0 || door === 'posthog' || pad !== undefined)) fields.push([propsKey, objPart(props, extra(props))]);
  else if (props.length > 0 && door === 'segment') fields.push(['properties', objPart(props, extra(props))]); // alias: kept in context.unmapped
  if (door !== 'posthog') {
    if (reservedContext) {
      context.push(['integrations', part(new Obj([['All', false]]), 'bad', ['reserved-context'])]);
      fields.push(['integrations', part(new Obj([['Mixpanel', true]]))]);
    }
    fields.push(['context', objPart(context, extra(context))]);
  }
  if (pad !== undefined) tags.push(pad > INGEST_LIMITS.maxEventBytes ? 'event-over-32k' : 'event-at-32k');

  for (const mu of input.mutations) {
    switch (mu.m) {
      case 'wrong-type': {
        // The last occurrence of a key is the one JSON.parse keeps (an earlier duplicate may precede it).
        const last = (key: string): number => fields.map(([k]) => k).lastIndexOf(key);
        const candidates = fields.map(([k], i) => [k, i] as const).filter(([k, i]) => last(k) === i && wrongTypeApplies(door, kind, k, mu.value.doc));
        if (candidates.length === 0) break;
        const [k, i] = candidates[mu.field % candidates.length];
        fields[i] = [k, { ...mu.value, tags: [`wrong-type-${k}`] }];
        break;
      }
      case 'unknown-field': {
        const key = mu.key.doc as string;
        if (fields.some(([k]) => k === key) || key === 'writeKey' || key === 'api_key' || key === 'token' || key === '$token') break;
        const verdict = door === 'native' ? 'bad' : worst(mu.key.v, mu.value.v, key === '' || key === '__proto__' ? 'any' : 'ok');
        fields.push([key, { ...mu.value, v: verdict, tags: ['unknown-field', ...mu.key.tags] }]);
        break;
      }
      case 'duplicate-field': {
        // An earlier occurrence of the key: JSON.parse keeps the last, the real one.
        const [k] = fields[mu.field % fields.length];
        fields.splice(mu.field % fields.length, 0, [k, { ...mu.first, v: 'any', tags: ['duplicate-key-field'] }]);
        break;
      }
      case 'drop-identity': {
        const keys = door === 'posthog' ? ['distinct_id'] : ['userId', 'anonymousId'];
        if (!fields.some(([k]) => keys.includes(k))) break;
        remove(fields, keys);
        fields.push([`${PLACEHOLDER}identity`, part(null, 'bad', ['no-identity'])]);
        break;
      }
      case 'drop-required': {
        const required = requiredField(door, kind);
        if (!required) break;
        remove(fields, [required]);
        fields.push([`${PLACEHOLDER}required`, part(null, 'bad', [`missing-${required}`])]);
        break;
      }
      case 'skew':
        time.timestamp = mu.timestamp;
        time.originalTimestamp = undefined;
        remove(fields, ['timestamp', 'originalTimestamp']);
        fields.push(['timestamp', mu.timestamp]);
        if (door !== 'posthog') {
          time.sentAt = mu.sentAt;
          remove(fields, ['sentAt']);
          fields.push(['sentAt', mu.sentAt]);
        } else {
          time.sentAt = mu.sentAt; // PostHog: the request-level sent_at (the body builder puts it there)
        }
        tags.push('skew');
        break;
      case 'offset':
        if (door !== 'posthog') break;
        time.offset = mu.value;
        // Two offset mutations must not leave two `offset` keys: JSON.parse keeps the last one only,
        // so a bad first value would be judged although it is never read.
        remove(fields, ['offset']);
        fields.push(['offset', mu.value]);
        break;
      case 'type-mismatch':
        // Contradicts a single-event route (Segment: refused); PostHog keeps `type` in context.unmapped.
        // In a Segment batch, `type` *is* the event's type: nothing to contradict.
        if (door === 'native' || (door === 'segment' && routeKind === undefined)) break;
        remove(fields, ['type']);
        fields.push(['type', part(kind === 'track' ? 'identify' : 'track', door === 'segment' ? 'bad' : 'ok', ['type-mismatch'])]);
        break;
      default:
        break;
    }
  }
  // Placeholder fields only carry verdicts; they are not sent.
  const entries = fields.filter(([k]) => !k.startsWith(PLACEHOLDER));
  for (const [, p] of fields) {
    v.push(p.v);
    tags.push(...p.tags);
  }
  if (door === 'native' && kind !== 'track' && fields.some(([k]) => k === 'event')) tags.push('native-non-track-name');
  return { door, kind, entries, id: input.id, time, tags: [...new Set(tags)], v: worst(...v) };
}

function remove(fields: Array<[string, Part]>, keys: readonly string[]): void {
  for (let i = fields.length - 1; i >= 0; i--) if (keys.includes(fields[i][0])) fields.splice(i, 1);
}

function requiredField(door: Door, kind: Kind): string | undefined {
  if (door === 'posthog') return kind === 'alias' ? undefined : 'event';
  if (kind === 'track') return 'event';
  if (door === 'segment' && kind === 'group') return 'groupId';
  if (door === 'segment' && kind === 'alias') return 'previousId';
  return undefined;
}

/** Whether replacing field `key` by `value` is a type error the docs say is refused. */
function wrongTypeApplies(door: Door, kind: Kind, key: string, value: Doc): boolean {
  const isString = typeof value === 'string';
  const isInteger = typeof value === 'number' && Number.isInteger(value);
  const isObject = value instanceof Obj;
  switch (key) {
    case 'id':
    case 'messageId':
    case 'uuid':
    case 'event':
    case 'name':
    case 'timestamp':
    case 'sentAt':
    case 'originalTimestamp':
      return !isString && !(key === 'event' && door === 'segment' && kind !== 'track');
    case 'type':
      return true;
    case 'userId':
    case 'anonymousId':
    case 'distinct_id':
    case 'groupId':
    case 'previousId':
      return door === 'native' ? !isString : !isString && !isInteger;
    case 'properties':
    case 'traits':
    case 'context':
    case 'integrations':
      return !isObject && !(door === 'segment' && key === 'properties' && kind === 'alias');
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Identity chains (valid events that link ids across and within requests)
// ---------------------------------------------------------------------------------------------

type Link = { kind: 'identify'; user: string; anon: string } | { kind: 'alias'; user: string; previous: string } | { kind: 'track'; user: string };

const identityPattern: fc.Arbitrary<Link[]> = fc
  .tuple(fc.constantFrom('chain', 'cycle', 'shared-anon', 'self', 'long-chain'), pooledId, pooledId, pooledId, fc.integer({ min: 2, max: 6 }))
  .map(([pattern, a, b, c, n]) => {
    switch (pattern) {
      case 'chain':
        return [
          { kind: 'identify', user: a, anon: b },
          { kind: 'identify', user: b, anon: c },
          { kind: 'track', user: c },
        ];
      case 'cycle':
        return [
          { kind: 'alias', user: a, previous: b },
          { kind: 'alias', user: b, previous: a },
          { kind: 'identify', user: a, anon: b },
          { kind: 'identify', user: b, anon: a },
        ];
      case 'shared-anon':
        return [
          { kind: 'identify', user: a, anon: c },
          { kind: 'identify', user: b, anon: c },
          { kind: 'track', user: c },
        ];
      case 'self':
        return [
          { kind: 'identify', user: a, anon: a },
          { kind: 'alias', user: b, previous: b },
        ];
      default:
        return Array.from({ length: n }, (_, i) => ({ kind: 'identify' as const, user: i === 0 ? a : `${b}.${i - 1}`, anon: `${b}.${i}` }));
    }
  });

/** The event of a link; on a single-event route, an event of the route's type for the same ids. */
function linkEvent(door: Door, link: Link, routeKind?: Kind): EventDraft {
  const ref = new TokenRef();
  const id: IdChoice = { values: [part(ref)], kind: 'token', ref };
  // The native door has no previousId: an alias becomes an identify (the same link).
  const kind: Kind = routeKind ?? (door === 'native' && link.kind === 'alias' ? 'identify' : link.kind);
  const second = link.kind === 'identify' ? link.anon : link.kind === 'alias' ? link.previous : undefined;
  const input: EventInput = {
    kind,
    hostile: false,
    id,
    name: part('Linked'),
    user: part(link.user),
    anon: kind === 'identify' && second !== undefined ? part(second) : undefined,
    other: kind === 'alias' ? part(second ?? 'A0') : kind === 'group' ? part('G1') : undefined,
    props: [],
    context: [],
    mutations: [],
  };
  const draft = buildEvent(door, input, routeKind);
  return { ...draft, tags: [...draft.tags, `identity-${kind}`] };
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export interface AuthHeader {
  scheme: string;
  /** `{KEY}` stands for the write key. */
  credential: string;
  /** Basic: the credential is base64-encoded. */
  base64?: boolean;
}

interface Auth {
  v: 'ok' | 'bad';
  header?: AuthHeader;
  /** Segment: `writeKey` in the body; PostHog: where the token goes. */
  body?: { where: 'top' | 'first-event' | 'first-props' | 'all-events'; field: string; value: Doc };
  /** The header can only be sent over a raw socket (NUL, non-ASCII bytes). */
  raw?: boolean;
  tags: string[];
}

export interface Transport {
  contentType?: string;
  contentEncoding?: string;
  /** How the serialised body is wrapped. */
  wrap: 'plain' | 'gzip' | 'gzip-no-header' | 'bom' | 'double-gzip' | 'truncated-gzip' | 'gzip-trailing-garbage' | 'utf16le';
  surrogates: RenderEnv['surrogates'];
  v: Verdict;
  tags: string[];
}

export interface RequestSpec {
  door: Door | 'none';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query: Array<[string, string]>;
  auth: Auth;
  transport: Transport;
  /** The body document; for PostHog GET, the `data` value (sent in the query). */
  body: Doc | Buffer;
  /** PostHog form and GET bodies: how `data` is written. */
  dataForm?: 'form-json' | 'form-base64' | 'form-base64-spaces' | 'get-json' | 'get-base64';
  slots: SlotInfo[];
  /** Request-level verdict (envelope and auth aside). */
  v: Verdict;
  /** Bytes that can't be decoded at all (garbage bodies): every event verdict is moot. */
  undecodable?: boolean;
  routeOk: boolean;
  tags: string[];
}

const SAFE_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'text/plain;charset=UTF-8'];
const ODD_CONTENT_TYPES = [
  undefined,
  'application/xml',
  'multipart/form-data; boundary=----fz',
  'x',
  ';',
  'application/json; charset=latin1',
  'text/plain; charset=utf-16',
  'APPLICATION/JSON',
  'application/json;;',
  'application/json; charset="utf-8"',
  '*/*',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'text/html; charset=utf-8',
  'application/json; boundary=',
];

const transportArb = memo((profile: Profile): fc.Arbitrary<Transport> => {
  const hostile = profile === 'validation';
  const safe = fc.constantFrom(...SAFE_CONTENT_TYPES).map((ct) => ({ ct, v: 'ok' as Verdict, tags: [] as string[] }));
  const odd = fc.constantFrom(...ODD_CONTENT_TYPES).map((ct) => ({ ct, v: 'any' as Verdict, tags: [`content-type:${ct ?? 'missing'}`] }));
  const contentType: fc.Arbitrary<{ ct?: string; v: Verdict; tags: string[] }> =
    profile === 'validation' ? fc.oneof({ weight: 3, arbitrary: safe }, { weight: 2, arbitrary: odd }) : profile === 'storage' || profile === 'subtle' ? fc.oneof({ weight: 8, arbitrary: safe }, { weight: 1, arbitrary: odd }) : safe;
  const okWraps: fc.Arbitrary<Pick<Transport, 'wrap' | 'contentEncoding' | 'v' | 'tags'>> = fc.constantFrom(
    { wrap: 'plain' as const, v: 'ok' as Verdict, tags: [] as string[] },
    { wrap: 'plain' as const, v: 'ok' as Verdict, tags: [] as string[] },
    { wrap: 'plain' as const, v: 'ok' as Verdict, tags: [] as string[] },
    { wrap: 'gzip' as const, contentEncoding: 'gzip', v: 'ok' as Verdict, tags: ['gzip'] },
    { wrap: 'gzip-no-header' as const, v: 'ok' as Verdict, tags: ['gzip-magic'] },
    { wrap: 'gzip' as const, contentEncoding: 'x-gzip', v: 'ok' as Verdict, tags: ['gzip'] },
    { wrap: 'plain' as const, contentEncoding: 'identity', v: 'ok' as Verdict, tags: [] as string[] },
    { wrap: 'bom' as const, v: 'ok' as Verdict, tags: ['bom'] },
  );
  const hostileWraps: fc.Arbitrary<Pick<Transport, 'wrap' | 'contentEncoding' | 'v' | 'tags'>> = fc.constantFrom(
    { wrap: 'plain' as const, contentEncoding: 'br', v: 'bad' as Verdict, tags: ['encoding-br'] },
    { wrap: 'plain' as const, contentEncoding: 'deflate', v: 'bad' as Verdict, tags: ['encoding-deflate'] },
    { wrap: 'gzip' as const, contentEncoding: 'gzip, gzip', v: 'bad' as Verdict, tags: ['encoding-gzip-twice'] },
    { wrap: 'gzip' as const, contentEncoding: 'GZIP', v: 'ok' as Verdict, tags: ['gzip'] },
    { wrap: 'double-gzip' as const, contentEncoding: 'gzip', v: 'bad' as Verdict, tags: ['double-gzip'] },
    { wrap: 'truncated-gzip' as const, contentEncoding: 'gzip', v: 'bad' as Verdict, tags: ['truncated-gzip'] },
    { wrap: 'truncated-gzip' as const, v: 'bad' as Verdict, tags: ['truncated-gzip'] },
    { wrap: 'gzip-trailing-garbage' as const, contentEncoding: 'gzip', v: 'any' as Verdict, tags: ['gzip-trailing-garbage'] },
    { wrap: 'utf16le' as const, v: 'bad' as Verdict, tags: ['utf16-body'] },
    { wrap: 'plain' as const, v: 'bad' as Verdict, tags: [] as string[] },
  );
  return fc
    .record({
      ct: contentType,
      wrap: hostile ? fc.oneof({ weight: 5, arbitrary: okWraps }, { weight: 1, arbitrary: hostileWraps.filter((w) => w.tags.length > 0) }) : okWraps,
      surrogates: hostile ? fc.constantFrom<RenderEnv['surrogates']>('escape', 'escape', 'escape', 'ascii', 'wtf8') : fc.constantFrom<RenderEnv['surrogates']>('escape', 'escape', 'ascii'),
    })
    .map(({ ct, wrap, surrogates }) => ({
      contentType: ct.ct,
      contentEncoding: wrap.contentEncoding,
      wrap: wrap.wrap,
      surrogates,
      v: worst(ct.v, wrap.v),
      tags: [...ct.tags, ...wrap.tags, ...(surrogates === 'wtf8' ? ['surrogates-as-raw-bytes'] : [])],
    }));
});

/** A request-level send time (`sentAt`, `sent_at`) for a profile. */
function requestTime(profile: Profile): fc.Arbitrary<Part> {
  if (profile === 'validation') return fc.oneof(validTimestamp, hostileTimestamp);
  if (profile === 'subtle') return fc.oneof({ weight: 3, arbitrary: validTimestamp }, { weight: 1, arbitrary: hostileTimestamp.filter(notGross) });
  return validTimestamp;
}

const batchSize = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 30, arbitrary: fc.constant(1) },
  { weight: 30, arbitrary: fc.integer({ min: 2, max: 5 }) },
  { weight: 20, arbitrary: fc.integer({ min: 6, max: 20 }) },
  { weight: 6, arbitrary: fc.integer({ min: 21, max: 100 }) },
  { weight: 1, arbitrary: fc.integer({ min: 101, max: 400 }) },
);

/**
 * valid: only what the docs allow (must be accepted). storage: hostile content that should still
 * pass validation, or be refused only for a subtle reason (probes "a 2xx means stored").
 * validation: anything, gross mistakes included (probes "refused means nothing stored" and the
 * error answers). identity: identify/alias chains, cycles and merges.
 */
type Profile = 'valid' | 'storage' | 'subtle' | 'validation' | 'identity';
const profileArb = fc.constantFrom<Profile>('valid', 'valid', 'valid', 'storage', 'storage', 'storage', 'subtle', 'validation', 'validation', 'identity');

/** The events of one request: clean ones, hostile ones mixed in, or an identity pattern. */
const eventsArb = memo((door: Door, profile: Profile, kinds: readonly Kind[], single: boolean, routeKind?: Kind): fc.Arbitrary<EventDraft[]> => {
  if (profile === 'identity') {
    return fc.array(identityPattern, { minLength: 1, maxLength: single ? 1 : 3 }).map((patterns) => {
      const links = patterns.flat();
      const chosen = single ? [links.find((l) => l.kind === routeKind) ?? links[0]] : links;
      return chosen.map((l) => linkEvent(door, l, routeKind));
    });
  }
  const hostility: Hostility = profile === 'valid' ? 'none' : profile;
  const one = (h: Hostility): fc.Arbitrary<EventDraft> => eventInput(door, kinds, h).map((i) => buildEvent(door, i, routeKind));
  if (single) return one(hostility).map((e) => [e]);
  const valid = one('none');
  if (hostility === 'none') return batchSize.chain((n) => fc.array(valid, { minLength: n, maxLength: n }));
  // Hostile requests: mostly valid events with hostile ones mixed in; a batch of one is a hostile event alone.
  const mixed = fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: one(hostility) });
  const alone = one(hostility);
  return batchSize.chain((n) => (n <= 1 ? alone.map((e) => [e]) : fc.array(mixed, { minLength: n, maxLength: n })));
});

function toSlots(events: EventDraft[], wrapItem: (e: EventDraft, index: number) => Doc = (e) => eventObj(e)): SlotInfo[] {
  return events.map((e, i) => {
    const slot = new Slot(i, wrapItem(e, i));
    return { idKind: e.id.kind, ref: e.id.ref, v: e.v, time: { ...e.time, door: e.door }, tags: e.tags, slot, padded: findPad(e) };
  });
}

function findPad(e: EventDraft): number | undefined {
  for (const [, p] of e.entries) {
    if (p.doc instanceof Obj) for (const [, d] of p.doc.entries) if (d instanceof PadRef) return d.targetBytes;
  }
  return undefined;
}

function eventObj(e: EventDraft, extra: ReadonlyArray<readonly [string, Doc]> = []): Obj {
  return new Obj([...e.entries.map(([k, p]) => [k, p.doc] as const), ...extra]);
}

function decoyEvents(events: EventDraft[]): Slot[] {
  return events.slice(0, 3).map((e, i) => new Slot(1000 + i, eventObj(e), true));
}

// Native ------------------------------------------------------------------------------------

const nativeAuth: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom<Auth>({ v: 'ok', header: { scheme: 'Bearer', credential: '{KEY}' }, tags: [] }, { v: 'ok', header: { scheme: 'bearer', credential: '{KEY}' }, tags: ['auth-lowercase-scheme'] }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Auth>(
      { v: 'bad', tags: ['write-key-missing'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: 'wk_wrong_0000' }, tags: ['write-key-wrong'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: '{KEY}x' }, tags: ['write-key-wrong'] },
      { v: 'bad', header: { scheme: 'Basic', credential: '{KEY}:', base64: true }, tags: ['write-key-wrong-scheme'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: '' }, tags: ['write-key-missing'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: '{KEY} extra' }, tags: ['write-key-malformed'] },
      { v: 'bad', header: { scheme: 'Token', credential: '{KEY}' }, tags: ['write-key-wrong-scheme'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: '{KEY}\u0000' }, raw: true, tags: ['write-key-nul'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: '\u0000{KEY}' }, raw: true, tags: ['write-key-nul'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: '{KEY}é' }, raw: true, tags: ['write-key-non-ascii'] },
    ),
  },
);

const NATIVE_KINDS: readonly Kind[] = ['track', 'track', 'track', 'track', 'identify', 'page', 'screen', 'group', 'alias'];

const nativeRequestFor = memo((profile: Profile): fc.Arbitrary<RequestSpec> =>
  fc
    .record({
      events: eventsArb('native', profile, NATIVE_KINDS, false),
      auth: profile === 'validation' ? nativeAuth : nativeAuth.filter((a) => a.v === 'ok'),
      transport: transportArb(profile),
      batchSentAt: fc.option(requestTime(profile), { freq: 3, nil: undefined }),
      envelope:
        profile === 'validation'
          ? fc.constantFrom('ok', 'ok', 'ok', 'decoy', 'events-object', 'events-null', 'events-missing', 'unknown-top', 'root-array', 'root-null')
          : profile === 'storage' || profile === 'subtle'
            ? fc.constantFrom('ok', 'ok', 'ok', 'decoy')
            : fc.constant('ok'),
    })
    .map(({ events, auth, transport, batchSentAt, envelope }) => {
      const slots = toSlots(events);
      for (const s of slots) s.time.requestSentAt = batchSentAt;
      const eventsArray: Doc = slots.map((s) => s.slot);
      const top: Array<[string, Doc]> = [];
      const tags: string[] = [];
      let v: Verdict = worst(batchSentAt?.v ?? 'ok');
      if (batchSentAt) tags.push(...batchSentAt.tags.map((t) => `batch-${t}`));
      switch (envelope) {
        case 'decoy':
          top.push(['events', decoyEvents(events)]);
          top.push(['events', eventsArray]);
          v = worst(v, 'any');
          tags.push('duplicate-key-events');
          break;
        case 'events-object':
          top.push(['events', new Obj([['0', slots[0]?.slot ?? null]])]);
          v = 'bad';
          tags.push('events-not-array');
          break;
        case 'events-null':
          top.push(['events', null]);
          v = 'bad';
          tags.push('events-null');
          break;
        case 'events-missing':
          v = 'bad';
          tags.push('events-missing');
          break;
        case 'unknown-top':
          top.push(['events', eventsArray], ['batch', []]);
          v = 'bad';
          tags.push('unknown-top-field');
          break;
        default:
          top.push(['events', eventsArray]);
      }
      if (batchSentAt) top.push(['sentAt', batchSentAt.doc]);
      let body: Doc = new Obj(top);
      if (envelope === 'root-array') {
        body = eventsArray;
        v = 'bad';
        tags.push('root-not-object');
      } else if (envelope === 'root-null') {
        body = null;
        v = 'bad';
        tags.push('root-not-object');
      }
      return {
        door: 'native' as const,
        method: 'POST' as const,
        path: '/v1/events',
        query: [],
        auth,
        transport,
        body,
        slots,
        v,
        routeOk: true,
        tags: [`profile:${profile}`, ...tags, ...auth.tags, ...transport.tags],
      };
    }),
);
const nativeRequest: fc.Arbitrary<RequestSpec> = profileArb.chain(nativeRequestFor);

// Segment -----------------------------------------------------------------------------------

const SEGMENT_SINGLE: ReadonlyArray<readonly [string, Kind]> = [
  ['/v1/track', 'track'],
  ['/v1/t', 'track'],
  ['/v1/identify', 'identify'],
  ['/v1/i', 'identify'],
  ['/v1/page', 'page'],
  ['/v1/p', 'page'],
  ['/v1/screen', 'screen'],
  ['/v1/s', 'screen'],
  ['/v1/group', 'group'],
  ['/v1/g', 'group'],
  ['/v1/alias', 'alias'],
  ['/v1/a', 'alias'],
];
const SEGMENT_BATCH = ['/v1/batch', '/v1/b', '/v1/batch/', '/v1/b/'];

const segmentAuth: fc.Arbitrary<Auth> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.constantFrom<Auth>(
      { v: 'ok', header: { scheme: 'Basic', credential: '{KEY}:', base64: true }, tags: [] },
      { v: 'ok', header: { scheme: 'Basic', credential: '{KEY}', base64: true }, tags: ['auth-basic-no-colon'] },
      { v: 'ok', header: { scheme: 'Basic', credential: '{KEY}:ignored-password', base64: true }, tags: [] },
      { v: 'ok', body: { where: 'top', field: 'writeKey', value: new WriteKeyRef() }, tags: ['auth-body'] },
      { v: 'ok', body: { where: 'first-event', field: 'writeKey', value: new WriteKeyRef() }, tags: ['auth-first-item'] },
      { v: 'ok', header: { scheme: 'Basic', credential: '{KEY}:', base64: true }, body: { where: 'top', field: 'writeKey', value: 'wk_wrong_but_ignored' }, tags: ['auth-header-wins'] },
      { v: 'ok', body: { where: 'top', field: 'writeKey', value: new WriteKeyRef('  ', ' ') }, tags: ['auth-body-spaces'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Auth>(
      { v: 'bad', tags: ['write-key-missing'] },
      { v: 'bad', header: { scheme: 'Basic', credential: 'wk_wrong_0000:', base64: true }, tags: ['write-key-wrong'] },
      { v: 'bad', header: { scheme: 'Basic', credential: 'wk_wrong_0000:', base64: true }, body: { where: 'top', field: 'writeKey', value: new WriteKeyRef() }, tags: ['write-key-wrong-header-wins'] },
      { v: 'bad', body: { where: 'top', field: 'writeKey', value: 'wk_wrong_0000' }, tags: ['write-key-wrong'] },
      { v: 'bad', body: { where: 'top', field: 'writeKey', value: new WriteKeyRef('', '\u0000') }, tags: ['write-key-nul'] },
      { v: 'bad', body: { where: 'top', field: 'writeKey', value: new WriteKeyRef('\u0000', '') }, tags: ['write-key-nul'] },
      { v: 'bad', header: { scheme: 'Basic', credential: '{KEY}\u0000:', base64: true }, tags: ['write-key-nul'] },
      { v: 'bad', body: { where: 'top', field: 'writeKey', value: new WriteKeyRef('', '\ud800') }, tags: ['write-key-lone-surrogate', 'invalid-text'] },
      { v: 'bad', body: { where: 'top', field: 'writeKey', value: 12345 }, tags: ['write-key-not-string'] },
      { v: 'bad', body: { where: 'top', field: 'writeKey', value: '' }, tags: ['write-key-missing'] },
      { v: 'bad', header: { scheme: 'Bearer', credential: '{KEY}' }, tags: ['write-key-wrong-scheme'] },
      { v: 'bad', body: { where: 'top', field: 'writeKey', value: new WriteKeyRef('', 'x'.repeat(5000)) }, tags: ['write-key-long'] },
    ),
  },
);

const SEGMENT_KINDS: readonly Kind[] = ['track', 'track', 'track', 'identify', 'page', 'screen', 'group', 'alias'];

const segmentRequestFor = memo(
  (profile: Profile, single: boolean, [singlePath, routeKind]: readonly [string, Kind], batchPath: string): fc.Arbitrary<RequestSpec> =>
    fc
      .record({
        events: eventsArb('segment', profile, SEGMENT_KINDS, single, single ? routeKind : undefined),
        auth: profile === 'validation' ? segmentAuth : segmentAuth.filter((a) => a.v === 'ok'),
        transport: transportArb(profile),
        batchSentAt: fc.option(requestTime(profile), { freq: 3, nil: undefined }),
        batchContext: fc.option(
          fc.constantFrom<Part>(
            part(new Obj([['library', new Obj([['name', 'analytics-node']])]])),
            part(new Obj([['ip', '203.0.113.7']])),
          ),
          { freq: 3, nil: undefined },
        ),
        envelope:
          profile === 'validation'
            ? fc.constantFrom('ok', 'ok', 'ok', 'decoy', 'batch-object', 'batch-null', 'batch-missing', 'context-array', 'metadata-top', 'root-array')
            : profile === 'storage' || profile === 'subtle'
              ? fc.constantFrom('ok', 'ok', 'decoy', 'metadata-top')
              : fc.constantFrom('ok', 'ok', 'metadata-top'),
        routeTypeInBody: fc.boolean(),
      })
      .map(({ events, auth, transport, batchSentAt, batchContext, envelope, routeTypeInBody }) => {
        const tags: string[] = [`profile:${profile}`];
        let v: Verdict = 'ok';
        if (single) {
          const e = events[0];
          // The route gives the type; a body `type` may repeat it (analytics.js does).
          const entries = e.entries.filter(([k, p]) => !(k === 'type' && !routeTypeInBody && p.v === 'ok' && p.tags.length === 0));
          const key = auth.body ? [[auth.body.field, auth.body.value] as const] : [];
          const slots = toSlots([{ ...e, entries }], (d) => eventObj(d, key));
          for (const s of slots) s.time.requestSentAt = undefined;
          return {
            door: 'segment' as const,
            method: 'POST' as const,
            path: singlePath,
            query: [],
            auth,
            transport,
            body: slots[0].slot,
            slots,
            v,
            routeOk: true,
            tags: [...tags, 'segment-single', ...auth.tags, ...transport.tags],
          };
        }
        const firstItemKey = auth.body?.where === 'first-event' ? auth.body : undefined;
        const slots = toSlots(events, (e, i) => eventObj(e, i === 0 && firstItemKey ? [[firstItemKey.field, firstItemKey.value]] : []));
        for (const s of slots) s.time.requestSentAt = batchSentAt;
        if (firstItemKey && slots.length === 0) {
          // No first item to carry the key: then it is missing.
          auth = { ...auth, v: 'bad', tags: [...auth.tags, 'write-key-missing'] };
        }
        const batch: Doc = slots.map((s) => s.slot);
        const top: Array<[string, Doc]> = [];
        switch (envelope) {
          case 'decoy':
            top.push(['batch', decoyEvents(events)], ['batch', batch]);
            v = 'any';
            tags.push('duplicate-key-batch');
            break;
          case 'batch-object':
            top.push(['batch', new Obj([])]);
            v = 'bad';
            tags.push('batch-not-array');
            break;
          case 'batch-null':
            top.push(['batch', null]);
            v = 'bad';
            tags.push('batch-null');
            break;
          case 'batch-missing':
            v = 'bad';
            tags.push('batch-missing');
            break;
          case 'context-array':
            top.push(['batch', batch], ['context', []]);
            v = 'bad';
            tags.push('batch-context-not-object');
            break;
          case 'metadata-top':
            top.push(['batch', batch], ['messageId', 'envelope-id'], ['channel', 'server']);
            break;
          default:
            top.push(['batch', batch]);
        }
        if (batchSentAt) {
          top.push(['sentAt', batchSentAt.doc]);
          v = worst(v, batchSentAt.v);
          tags.push(...batchSentAt.tags.map((t) => `batch-${t}`));
        }
        if (batchContext && envelope !== 'context-array') top.push(['context', batchContext.doc]);
        if (auth.body?.where === 'top') top.push([auth.body.field, auth.body.value]);
        let body: Doc = new Obj(top);
        if (envelope === 'root-array') {
          body = batch;
          v = 'bad';
          tags.push('root-not-object');
          if (auth.body?.where === 'top') auth = { ...auth, v: 'bad' }; // nowhere to put it
        }
        return {
          door: 'segment' as const,
          method: 'POST' as const,
          path: batchPath,
          query: [],
          auth,
          transport,
          body,
          slots,
          v,
          routeOk: true,
          tags: [...tags, ...auth.tags, ...transport.tags],
        };
      }),
);
const segmentRequest: fc.Arbitrary<RequestSpec> = fc
  .tuple(profileArb, fc.boolean(), fc.constantFrom(...SEGMENT_SINGLE), fc.constantFrom(...SEGMENT_BATCH))
  .chain(([profile, single, route, batchPath]) => segmentRequestFor(profile, single, route, batchPath));

// PostHog -----------------------------------------------------------------------------------

const POSTHOG_PATHS = ['/batch', '/batch/', '/capture', '/capture/', '/e', '/e/', '/i/v0/e', '/i/v0/e/', '/track', '/track/'];

const posthogAuth: fc.Arbitrary<Auth> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.constantFrom<Auth>(
      { v: 'ok', body: { where: 'top', field: 'api_key', value: new WriteKeyRef() }, tags: [] },
      { v: 'ok', body: { where: 'top', field: 'api_key', value: new WriteKeyRef() }, tags: [] },
      { v: 'ok', body: { where: 'top', field: 'token', value: new WriteKeyRef() }, tags: ['auth-token'] },
      { v: 'ok', body: { where: 'top', field: '$token', value: new WriteKeyRef() }, tags: ['auth-token'] },
      { v: 'ok', body: { where: 'first-event', field: 'api_key', value: new WriteKeyRef() }, tags: ['auth-first-event'] },
      { v: 'ok', body: { where: 'first-props', field: 'token', value: new WriteKeyRef() }, tags: ['auth-props-token'] },
      { v: 'ok', body: { where: 'all-events', field: 'token', value: new WriteKeyRef() }, tags: ['auth-props-token'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Auth>(
      { v: 'bad', tags: ['write-key-missing'] },
      { v: 'bad', body: { where: 'top', field: 'api_key', value: 'phc_wrong_0000' }, tags: ['write-key-wrong'] },
      { v: 'bad', body: { where: 'top', field: 'api_key', value: new WriteKeyRef('', '\u0000') }, tags: ['write-key-nul'] },
      { v: 'bad', body: { where: 'top', field: 'api_key', value: new WriteKeyRef('', '\udc00') }, tags: ['write-key-lone-surrogate', 'invalid-text'] },
      { v: 'bad', body: { where: 'top', field: 'api_key', value: 42 }, tags: ['write-key-not-string'] },
      { v: 'bad', body: { where: 'top', field: 'api_key', value: '   ' }, tags: ['write-key-missing'] },
      { v: 'bad', body: { where: 'first-props', field: 'token', value: 'phc_wrong_0000' }, tags: ['write-key-wrong'] },
      { v: 'bad', body: { where: 'first-event', field: 'api_key', value: new WriteKeyRef('x', '') }, tags: ['write-key-wrong'] },
    ),
  },
);

const POSTHOG_KINDS: readonly Kind[] = ['track', 'track', 'track', 'page', 'screen', 'identify', 'alias', 'group'];

type PosthogForm = 'batch' | 'array' | 'single' | 'data-object' | 'data-json' | 'data-base64' | 'data-nested';

const posthogRequestFor = memo((profile: Profile): fc.Arbitrary<RequestSpec> =>
  fc
    .record({
      form: fc.constantFrom<PosthogForm>('batch', 'batch', 'batch', 'array', 'single', 'single', 'data-object', 'data-json', 'data-base64', ...(profile === 'validation' ? (['data-nested'] as const) : [])),
      events: eventsArb('posthog', profile, POSTHOG_KINDS, false),
      auth: profile === 'validation' ? posthogAuth : posthogAuth.filter((a) => a.v === 'ok'),
      transport: transportArb(profile),
      sentAt: fc.option(requestTime(profile), { freq: 2, nil: undefined }),
      path: fc.constantFrom(...POSTHOG_PATHS),
      delivery: fc.constantFrom('post', 'post', 'post', 'post', 'form-json', 'form-base64', 'form-base64-spaces', 'get-json', 'get-base64'),
      extraQuery:
        profile === 'validation'
          ? fc.constantFrom('none', 'none', 'gzip-js', 'lz64', 'ts-now', 'ts-huge', 'ts-junk')
          : profile === 'storage' || profile === 'subtle'
            ? fc.constantFrom('none', 'none', 'gzip-js', 'ts-now', 'ts-huge', 'ts-junk')
            : fc.constantFrom('none', 'none', 'gzip-js', 'ts-now'),
    })
    .map(({ form, events, auth, transport, sentAt, path, delivery, extraQuery }) => {
      const tags: string[] = [`profile:${profile}`, `posthog-${form}`];
      let v: Verdict = 'ok';
      let drafts = events;
      if (form === 'single' || drafts.length === 0) drafts = drafts.slice(0, 1);
      const where = auth.body?.where;
      const eventKey = (i: number): Array<readonly [string, Doc]> =>
        auth.body && ((where === 'first-event' && i === 0) || (where === 'top' && form === 'array' && i === 0)) ? [[auth.body.field, auth.body.value]] : [];
      const withProps = (e: EventDraft, i: number): EventDraft => {
        if (!auth.body || !((where === 'first-props' && i === 0) || where === 'all-events')) return e;
        const entries = e.entries.map(([k, p]): [string, Part] =>
          k === 'properties' && p.doc instanceof Obj ? [k, { ...p, doc: new Obj([...p.doc.entries, [auth.body?.field ?? 'token', auth.body?.value ?? null]]) }] : [k, p],
        );
        return { ...e, entries };
      };
      drafts = drafts.map(withProps);
      // The PostHog time rule uses the request-level sent_at; a skew mutation puts its value there.
      const skewSent = drafts.find((d) => d.tags.includes('skew'))?.time.sentAt;
      const requestSentAt = skewSent ?? sentAt;
      const singleExtras: Array<readonly [string, Doc]> = [];
      if (form === 'single' && (where === 'top' || where === 'first-event') && auth.body) singleExtras.push([auth.body.field, auth.body.value]);
      if (form === 'single' && requestSentAt) singleExtras.push(['sent_at', requestSentAt.doc]);
      const slots = toSlots(drafts, (e, i) => eventObj(e, form === 'single' ? singleExtras : eventKey(i)));
      for (const s of slots) {
        s.time.requestSentAt = form === 'array' ? undefined : requestSentAt;
        if (form === 'array' && s.time.sentAt) s.time.sentAt = undefined;
      }
      if (requestSentAt && form !== 'array') {
        v = worst(v, requestSentAt.v);
        tags.push(...requestSentAt.tags.map((t) => `sent_at-${t}`));
      }
      const top: Array<[string, Doc]> = [];
      if (auth.body?.where === 'top' && form !== 'array' && form !== 'single') top.push([auth.body.field, auth.body.value]);
      const batchBody = (): Obj => new Obj([...top, ['batch', slots.map((s) => s.slot)], ...(requestSentAt ? [['sent_at', requestSentAt.doc] as const] : [])]);
      let body: Doc;
      switch (form) {
        case 'array':
          body = slots.map((s) => s.slot);
          if (auth.body?.where === 'top' && slots.length === 0) auth = { ...auth, v: 'bad' };
          break;
        case 'single':
          body = slots[0]?.slot ?? new Obj([]);
          if (slots.length === 0) v = 'bad';
          break;
        case 'data-object':
          body = new Obj([['data', batchBody()]]);
          break;
        case 'data-json':
          body = new Obj([['data', new Embedded(batchBody(), 'json')]]);
          break;
        case 'data-base64':
          body = new Obj([['data', new Embedded(batchBody(), 'base64')]]);
          break;
        case 'data-nested':
          body = new Obj([['data', new Obj([['data', batchBody()]])]]);
          v = 'bad';
          tags.push('data-nested-twice');
          break;
        default:
          body = batchBody();
      }
      if ((form === 'array' || form === 'single') && (where === 'first-event' || where === 'top') && slots.length === 0) auth = { ...auth, v: 'bad' };
      if (slots.length === 0 && (where === 'first-props' || where === 'all-events' || where === 'first-event')) auth = { ...auth, v: 'bad', tags: [...auth.tags, 'write-key-missing'] };
      const query: Array<[string, string]> = [];
      let method: RequestSpec['method'] = 'POST';
      let dataForm: RequestSpec['dataForm'];
      let t = transport;
      if (delivery !== 'post') {
        // Form and GET deliveries carry `data=`: the transport's wrapping does not apply (GET has no body).
        dataForm = delivery as RequestSpec['dataForm'];
        tags.push(`posthog-${delivery}`);
        if (delivery.startsWith('get')) method = 'GET';
        t = {
          ...transport,
          wrap: 'plain',
          contentEncoding: undefined,
          contentType: delivery.startsWith('form') ? (transport.v === 'ok' ? 'application/x-www-form-urlencoded' : transport.contentType) : undefined,
          v: delivery.startsWith('get') ? 'ok' : transport.tags.some((x) => x.startsWith('content-type:')) ? 'any' : 'ok',
          tags: transport.tags.filter((x) => x.startsWith('content-type:') && delivery.startsWith('form')),
          surrogates: transport.surrogates === 'wtf8' && delivery.startsWith('get') ? 'escape' : transport.surrogates,
        };
      }
      switch (extraQuery) {
        case 'gzip-js':
          query.push(['compression', 'gzip-js']);
          break;
        case 'lz64':
          // Docs: refused. With a Content-Encoding header too, which one wins is not said.
          query.push(['compression', 'lz64']);
          v = worst(v, t.contentEncoding === undefined ? 'bad' : 'any');
          tags.push('compression-lz64');
          break;
        case 'ts-now':
          query.push(['_', 'NOW']);
          break;
        case 'ts-huge':
          query.push(['_', '9999999999999999']);
          v = worst(v, 'any');
          tags.push('query-sent-at-huge');
          break;
        case 'ts-junk':
          query.push(['_', '12abc']);
          tags.push('query-sent-at-junk');
          break;
        default:
          break;
      }
      if (extraQuery === 'ts-huge' || extraQuery === 'ts-now') for (const s of slots) s.time.querySentAt = extraQuery === 'ts-now' ? 'now' : 'huge';
      return {
        door: 'posthog' as const,
        method,
        path,
        query,
        auth,
        transport: t,
        body,
        dataForm,
        slots,
        v,
        routeOk: true,
        tags: [...tags, ...auth.tags, ...t.tags],
      };
    }),
);
const posthogRequest: fc.Arbitrary<RequestSpec> = profileArb.chain(posthogRequestFor);

// Garbage, wrong routes, raw headers --------------------------------------------------------

const GARBAGE_TEXTS = ['', '   ', 'not json', '{"events": [', '{"batch": [}', '<?xml version="1.0"?><events/>', 'null', '42', '"text"', 'data=', 'data=%%%', 'data=!!notbase64!!', '\ufeff'];

const garbageRequest: fc.Arbitrary<RequestSpec> = fc
  .record({
    target: fc.constantFrom<[Door, string]>(['native', '/v1/events'], ['segment', '/v1/batch'], ['segment', '/v1/t'], ['posthog', '/batch'], ['posthog', '/e'], ['posthog', '/i/v0/e/']),
    kind: fc.constantFrom('text', 'bytes', 'gzip-garbage', 'gzip-random', 'invalid-utf8-json'),
    text: fc.constantFrom(...GARBAGE_TEXTS),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 600 }),
    ct: fc.constantFrom(...SAFE_CONTENT_TYPES, 'application/x-www-form-urlencoded', undefined),
  })
  .map(({ target: [door, path], kind, text, bytes, ct }) => {
    let body: Buffer;
    let encoding: string | undefined;
    switch (kind) {
      case 'bytes':
        body = Buffer.from(bytes);
        break;
      case 'gzip-garbage':
        body = gzipSync(Buffer.from(text || 'garbage'));
        encoding = 'gzip';
        break;
      case 'gzip-random':
        body = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(bytes)]);
        break;
      case 'invalid-utf8-json':
        body = Buffer.concat([Buffer.from('{"events":[{"event":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","userId":"u"}]}')]);
        break;
      default:
        body = Buffer.from(text);
    }
    const auth: Auth =
      door === 'native' ? { v: 'ok', header: { scheme: 'Bearer', credential: '{KEY}' }, tags: [] } : door === 'segment' ? { v: 'ok', header: { scheme: 'Basic', credential: '{KEY}:', base64: true }, tags: [] } : { v: 'ok', tags: [] };
    return {
      door,
      method: 'POST' as const,
      path,
      query: [],
      auth,
      transport: { contentType: ct, contentEncoding: encoding, wrap: 'plain' as const, surrogates: 'escape' as const, v: 'ok' as Verdict, tags: [] },
      body,
      slots: [],
      v: 'bad' as Verdict,
      undecodable: true,
      routeOk: true,
      tags: ['profile:garbage', `garbage-${kind}`],
    };
  });

const wrongRouteRequest: fc.Arbitrary<RequestSpec> = fc
  .tuple(
    fc.constantFrom<[RequestSpec['method'], string]>(
      ['POST', '/v1/event'],
      ['POST', '/v1/Batch'],
      ['POST', '/v1/batch/extra'],
      ['POST', '/capture/x'],
      ['GET', '/v1/batch'],
      ['GET', '/v1/events'],
      ['PUT', '/v1/events'],
      ['DELETE', '/batch'],
      ['POST', '/v2/events'],
      ['POST', '/'],
      ['POST', '/i/v0/e/x'],
    ),
    eventsArb('native', 'valid', NATIVE_KINDS, false),
  )
  .map(([[method, path], events]) => {
    const slots = toSlots(events);
    return {
      door: 'none' as const,
      method,
      path,
      query: [],
      auth: { v: 'ok' as const, header: { scheme: 'Bearer', credential: '{KEY}' }, tags: [] },
      transport: { contentType: 'application/json', wrap: 'plain' as const, surrogates: 'escape' as const, v: 'ok' as Verdict, tags: [] },
      body: method === 'GET' ? Buffer.alloc(0) : new Obj([['events', slots.map((s) => s.slot)]]),
      slots: method === 'GET' ? [] : slots,
      v: 'bad' as Verdict,
      routeOk: false,
      tags: ['profile:wrong-route', `route:${method} ${path}`],
    };
  });

/** Headers only a raw socket can send (NUL and control bytes in Content-Type). */
const rawHeaderRequest: fc.Arbitrary<RequestSpec> = fc
  .tuple(fc.constantFrom('application/json\u0000', 'text/plain\u0001', 'application/json; charset=\u00ff', '\u0000'), eventsArb('native', 'valid', NATIVE_KINDS, false))
  .map(([ct, events]) => {
    const slots = toSlots(events);
    return {
      door: 'native' as const,
      method: 'POST' as const,
      path: '/v1/events',
      query: [],
      auth: { v: 'ok' as const, header: { scheme: 'Bearer', credential: '{KEY}' }, raw: true, tags: [] },
      transport: { contentType: ct, wrap: 'plain' as const, surrogates: 'escape' as const, v: 'any' as Verdict, tags: ['content-type-control-bytes'] },
      body: new Obj([['events', slots.map((s) => s.slot)]]),
      slots,
      v: 'ok' as Verdict,
      routeOk: true,
      tags: ['profile:raw-header', 'content-type-control-bytes'],
    };
  });

/** One request of the fuzz: every door, valid and hostile. */
export const requestSpecArb: fc.Arbitrary<RequestSpec> = fc.oneof(
  { weight: 30, arbitrary: nativeRequest },
  { weight: 32, arbitrary: segmentRequest },
  { weight: 32, arbitrary: posthogRequest },
  { weight: 3, arbitrary: garbageRequest },
  { weight: 2, arbitrary: wrongRouteRequest },
  { weight: 1, arbitrary: rawHeaderRequest },
);

/** The request of index `index` in the run of seed `seed` (independent of the others: replayable alone). */
export function requestSpecAt(seed: number, index: number): RequestSpec {
  return fc.sample(requestSpecArb, { seed: mixSeed(seed, index), numRuns: 1 })[0];
}

function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/** What the answer must be, from the docs. */
export type Expectation = 'accept' | 'refuse' | 'unauthorized' | 'any';

export interface RenderedEvent {
  /** The id the collector sees (undefined: it generates one, or the id is invalid). */
  sentId?: string;
  idKind: IdKind;
  token: string;
  tags: string[];
}

export interface RenderedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  headers: Array<[string, string]>;
  body: Buffer;
  /** Headers the `http` module refuses to send: written on a raw socket. */
  raw: boolean;
  door: Door | 'none';
  expect: Expectation;
  events: RenderedEvent[];
  /** Tokens that must never be stored (decoys overridden by a duplicate key). */
  decoys: string[];
  tags: string[];
  /** Body bytes as the collector measures them (after gunzip). */
  plainBytes: number;
}

export interface RunContext {
  writeKey: string;
  /** Makes an event's token: unique per run, request and slot. */
  token(request: number, slot: number, decoy: boolean): string;
}

const MAX_URL_BYTES = 15_000;

export function renderRequest(spec: RequestSpec, index: number, run: RunContext, nowMs: number = Date.now()): RenderedRequest {
  const env: RenderEnv = {
    token: (slot, decoy) => run.token(index, slot, decoy),
    writeKey: run.writeKey,
    surrogates: spec.transport.surrogates,
    pads: new Map(),
  };
  // Pads: make each padded event exactly its target size, as the collector measures it.
  for (const s of spec.slots) {
    if (s.padded === undefined) continue;
    env.pads.set(s.slot.slot, 0);
    const size = collectorEventBytes(s.slot, env, true);
    if (size !== undefined) env.pads.set(s.slot.slot, Math.max(0, s.padded - size));
  }

  let verdict: Verdict = spec.v;
  const tags = [...spec.tags];
  const events: RenderedEvent[] = spec.slots.map((s) => {
    const scope = { slot: s.slot.slot, decoy: false };
    const sentId = s.idKind === 'token' && s.ref ? resolveToken(s.ref, scope, env) : undefined;
    let v = worst(s.v, timeVerdict(s.time, nowMs));
    const size = collectorEventBytes(s.slot, env);
    if (size === undefined) v = worst(v, 'any');
    else if (size > INGEST_LIMITS.maxEventBytes) v = 'bad';
    if (sentId !== undefined && hasLoneSurrogate(sentId) && spec.transport.surrogates === 'wtf8') v = 'bad';
    verdict = worst(verdict, v);
    return { sentId, idKind: s.idKind, token: run.token(index, s.slot.slot, false), tags: s.tags };
  });
  for (const e of events) tags.push(...e.tags);

  const decoys = collectDecoys(spec.body, index, run);
  let body: Buffer;
  let plain: Buffer;
  let utf8Ok = true;
  let path = spec.path;
  const query = spec.query.map(([k, val]): [string, string] => [k, val === 'NOW' ? String(nowMs) : val]);
  if (Buffer.isBuffer(spec.body)) {
    plain = spec.body;
    body = spec.body;
  } else {
    const json = serialize(spec.body, env);
    utf8Ok = isUtf8(json);
    if (!utf8Ok && !spec.dataForm) verdict = 'bad'; // raw lone surrogates or invalid bytes: not UTF-8
    if (utf8Ok) tags.splice(0, tags.length, ...tags.filter((t) => t !== 'surrogates-as-raw-bytes'));
    if (spec.dataForm) {
      const data = spec.dataForm.endsWith('json')
        ? json
        : Buffer.from(json.toString(spec.dataForm === 'form-base64-spaces' ? 'base64' : 'base64'), 'latin1');
      if (spec.dataForm.startsWith('get')) {
        query.unshift(['data', percentEncode(data)]);
        plain = Buffer.from(`data=${percentEncode(data)}`);
        body = Buffer.alloc(0);
      } else {
        const value = spec.dataForm === 'form-base64-spaces' ? data.toString('latin1').replace(/\+/g, ' ') : percentEncode(data);
        plain = Buffer.from(`data=${value}`, 'latin1');
        body = plain;
      }
    } else {
      plain = spec.transport.wrap === 'bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]) : json;
      body = wrapBody(plain, spec.transport.wrap);
    }
  }
  if (query.length > 0) path += `?${query.map(([k, val]) => `${k}=${val}`).join('&')}`;

  const headers: Array<[string, string]> = [];
  const auth = spec.auth;
  if (auth.header) {
    const credential = auth.header.credential.replace('{KEY}', run.writeKey);
    headers.push(['authorization', `${auth.header.scheme} ${auth.header.base64 ? Buffer.from(credential, 'utf8').toString('base64') : credential}`.trimEnd()]);
  }
  if (spec.transport.contentType !== undefined && spec.method !== 'GET') headers.push(['content-type', spec.transport.contentType]);
  if (spec.transport.contentEncoding !== undefined && spec.method !== 'GET') headers.push(['content-encoding', spec.transport.contentEncoding]);

  // Sizes: the collector refuses a body over 500 KB (after gunzip); a URL past ~16 KB hits the HTTP layer.
  if (plain.length > INGEST_LIMITS.maxBatchBytes) {
    verdict = 'bad';
    tags.push('body-over-500k');
  }
  let transportV = spec.transport.v;
  if (path.length > MAX_URL_BYTES) {
    transportV = worst(transportV, 'any');
    tags.push('url-over-15k');
  }

  let expect = expectation(spec, verdict, transportV, plain.length, utf8Ok);
  // Invalid UTF-8 percent-encoded in a form or URL: the docs don't say whether it is refused or
  // replaced. Embedded as a JSON string it was replaced here already: what is sent is valid.
  if (((!utf8Ok && spec.dataForm) || env.replacedInvalidUtf8) && (expect === 'accept' || expect === 'refuse')) expect = 'any';
  return {
    method: spec.method,
    path,
    headers,
    body,
    raw: Boolean(auth.raw),
    door: spec.door,
    expect,
    events,
    decoys,
    tags: [...new Set(tags)],
    plainBytes: plain.length,
  };
}

function expectation(spec: RequestSpec, verdict: Verdict, transportV: Verdict, plainBytes: number, utf8Ok: boolean): Expectation {
  if (!spec.routeOk) return 'refuse';
  const transportClean = transportV === 'ok' && !spec.auth.raw;
  if (spec.auth.v === 'bad') {
    // A wrong, missing or NUL-containing key in an otherwise valid request: 401. With anything else
    // wrong too (or a key that is not even valid text), any 4xx will do.
    const clean = verdict === 'ok' && !spec.undecodable && plainBytes <= INGEST_LIMITS.maxBatchBytes && utf8Ok && verdictOfEnvelopeDecodes(spec);
    return transportClean && clean && !spec.auth.tags.includes('invalid-text') ? 'unauthorized' : 'refuse';
  }
  if (spec.undecodable) return 'refuse';
  const combined = worst(verdict, transportV);
  if (combined === 'bad') return 'refuse';
  if (combined === 'any' || spec.auth.raw) return 'any';
  return 'accept';
}

/** The body parses as JSON (so Segment and PostHog reach the key). Only transport wrappings can spoil it. */
function verdictOfEnvelopeDecodes(spec: RequestSpec): boolean {
  return !['double-gzip', 'truncated-gzip', 'utf16le'].includes(spec.transport.wrap) && spec.transport.contentEncoding !== 'br' && spec.transport.contentEncoding !== 'deflate' && spec.transport.contentEncoding !== 'gzip, gzip' && !spec.tags.includes('compression-lz64');
}

function collectDecoys(doc: Doc | Buffer, index: number, run: RunContext): string[] {
  const out: string[] = [];
  const visit = (d: Doc, slot: number, decoy: boolean): void => {
    if (d instanceof Slot) return visit(d.doc, d.slot, d.decoy);
    if (d instanceof TokenRef && (decoy || d.decoy)) out.push(run.token(index, slot, true));
    else if (d instanceof MarkerRef && decoy) out.push(run.token(index, slot, true));
    else if (Array.isArray(d)) d.forEach((x: Doc) => visit(x, slot, decoy));
    else if (d instanceof Obj) d.entries.forEach(([, x]) => visit(x, slot, decoy));
    else if (d instanceof Embedded) visit(d.doc, slot, decoy);
  };
  if (!Buffer.isBuffer(doc)) visit(doc, -1, false);
  return [...new Set(out)];
}

function timeVerdict(t: SlotInfo['time'] & { querySentAt?: 'now' | 'huge' }, nowMs: number): Verdict {
  const ms = (p?: Part): number | undefined => (p && p.v !== 'bad' ? p.ms : undefined);
  let instant: number | undefined;
  if (t.door === 'posthog') {
    const sent = t.requestSentAt ?? (t.querySentAt === 'now' ? part('', 'ok', [], nowMs) : undefined);
    const ts = ms(t.timestamp);
    const ignore = t.ignoreSentAt === true;
    if (t.timestamp && sent && !ignore) instant = ts !== undefined && ms(sent) !== undefined ? ts - ((ms(sent) as number) - nowMs) : undefined;
    else if (t.offset && typeof t.offset.ms === 'number' && t.offset.v !== 'bad') instant = nowMs - t.offset.ms;
    else instant = t.timestamp ? ts : nowMs;
  } else {
    const sent = t.sentAt ?? t.requestSentAt;
    const client = t.originalTimestamp ?? t.timestamp;
    const c = ms(client);
    if (client && sent) instant = c !== undefined && ms(sent) !== undefined ? c + (nowMs - (ms(sent) as number)) : undefined;
    else instant = client ? c : nowMs;
  }
  return instant === undefined ? 'ok' : instantVerdict(instant);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function wrapBody(plain: Buffer, wrap: Transport['wrap']): Buffer {
  switch (wrap) {
    case 'gzip':
    case 'gzip-no-header':
      return gzipSync(plain);
    case 'double-gzip':
      return gzipSync(gzipSync(plain));
    case 'truncated-gzip': {
      const z = gzipSync(plain);
      return z.subarray(0, Math.max(3, Math.floor(z.length / 2)));
    }
    case 'gzip-trailing-garbage':
      return Buffer.concat([gzipSync(plain), Buffer.from('trailing garbage')]);
    case 'utf16le':
      return Buffer.from(new TextDecoder().decode(plain), 'utf16le');
    default:
      return plain;
  }
}

/** Percent-encodes bytes (not a JS string), so raw invalid UTF-8 can travel in a URL or form too. */
function percentEncode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const ALL_ROUTES: readonly string[] = [
  'POST /v1/events',
  ...SEGMENT_BATCH.map((p) => `POST ${p}`),
  ...SEGMENT_SINGLE.map(([p]) => `POST ${p}`),
  ...POSTHOG_PATHS.flatMap((p) => [`POST ${p}`, `GET ${p}`]),
];
