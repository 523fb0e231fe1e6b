import canonicalize from 'canonicalize';

/** A JSON value as RFC 8785 sees it (finite numbers only). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 (JCS) canonical JSON: no whitespace, object members sorted by the UTF-16 code units of
 * their names, ECMAScript number serialisation, minimal string escaping. Delegates to the
 * `canonicalize` package (maintained by two of RFC 8785's authors). Throws on values that have no
 * canonical form (NaN, ±Infinity, undefined at the top level).
 */
export function canonicalJson(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

/** UTF-8 bytes of {@link canonicalJson}: what gets hashed or signed. */
export function canonicalJsonBytes(value: JsonValue): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
