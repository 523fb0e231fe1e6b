/**
 * Walking a properties schema (JSON Schema draft 2020-12) by keyword: which values are subschemas,
 * how deep the document nests, and the copy ajv compiles (without `x-…` extension keywords, which the
 * schema-change classifier treats as annotations but ajv's strict mode would refuse).
 */
import { escapePointerSegment, parsePointer } from './json-pointer';

/** Keywords whose value is one subschema. */
const ONE_SCHEMA = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is an array of subschemas. */
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

export type SchemaNode = Readonly<Record<string, unknown>>;

export function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A subschema of a schema: where it sits (a JSON pointer relative to the parent) and its value. */
export interface SubschemaEntry {
  path: string;
  keyword: string;
  schema: unknown;
}

/** The direct subschemas of a schema node, by keyword, in the node's key order. */
export function subschemasOf(node: SchemaNode): SubschemaEntry[] {
  const out: SubschemaEntry[] = [];
  for (const keyword of Object.keys(node)) {
    const value = node[keyword];
    const at = `/${escapePointerSegment(keyword)}`;
    if (ONE_SCHEMA.has(keyword)) {
      // Draft 2019-09 `items: [...]` is refused by ajv's 2020 mode; walk it anyway for the checks.
      if (Array.isArray(value)) value.forEach((schema, i) => out.push({ path: `${at}/${i}`, keyword, schema }));
      else out.push({ path: at, keyword, schema: value });
    } else if (SCHEMA_MAP.has(keyword) && isSchemaNode(value)) {
      for (const name of Object.keys(value)) out.push({ path: `${at}/${escapePointerSegment(name)}`, keyword, schema: value[name] });
    } else if (SCHEMA_LIST.has(keyword) && Array.isArray(value)) {
      value.forEach((schema, i) => out.push({ path: `${at}/${i}`, keyword, schema }));
    }
  }
  return out;
}

/**
 * How deep a JSON value nests in objects and arrays (a scalar is 0, `{}` is 1, `{"a":[1]}` is 2),
 * exact up to `limit`; anything deeper answers `limit + 1` without walking further, so a hostile
 * document never costs more than `limit` stack frames.
 */
export function jsonDepth(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const depth = jsonDepth(child, limit - 1);
    if (depth > deepest) {
      deepest = depth;
      if (deepest >= limit) break;
    }
  }
  return 1 + deepest;
}

/** A keyword the plan may carry for people and tools but that no validator reads (`x-owner`, `x-pii`). */
export function isExtensionKeyword(keyword: string): boolean {
  return keyword.startsWith('x-');
}

/**
 * The schema without extension keywords (`x-…`) at any schema position; everything else, and every
 * value inside `enum`, `const`, `default`, `examples`, is kept as is. Returns the same object when
 * there is nothing to remove, so the copy costs nothing for plain schemas.
 */
export function withoutExtensionKeywords(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    let changed = false;
    const items = schema.map((item) => {
      const next = withoutExtensionKeywords(item);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? items : schema;
  }
  if (!isSchemaNode(schema)) return schema;
  let out: Record<string, unknown> | undefined;
  const ensureCopy = (): Record<string, unknown> => (out ??= copyOwn(schema));
  for (const keyword of Object.keys(schema)) {
    if (isExtensionKeyword(keyword)) {
      delete ensureCopy()[keyword];
      continue;
    }
    const value = schema[keyword];
    let next: unknown = value;
    if (ONE_SCHEMA.has(keyword) || SCHEMA_LIST.has(keyword)) next = withoutExtensionKeywords(value);
    else if (SCHEMA_MAP.has(keyword) && isSchemaNode(value)) {
      let map: Record<string, unknown> | undefined;
      for (const name of Object.keys(value)) {
        const sub = withoutExtensionKeywords(value[name]);
        if (sub !== value[name]) defineOwn((map ??= copyOwn(value)), name, sub);
      }
      next = map ?? value;
    }
    if (next !== value) defineOwn(ensureCopy(), keyword, next);
  }
  return out ?? schema;
}

/**
 * The subschema a local reference names: `#` the root, `#/$defs/money` by JSON pointer (with
 * URI percent-decoding, as ajv reads it). `undefined` for any other reference or a pointer that
 * names nothing.
 */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  const segments = parsePointer(decoded);
  if (!segments) return undefined;
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(segment)) node = node[Number(segment)];
    else if (isSchemaNode(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** A shallow copy that keeps an own `__proto__` key as data (spread defines, never assigns). */
export function copyOwn<T extends object>(value: T): Record<string, unknown> {
  return { ...(value as Record<string, unknown>) };
}

/** Sets `key` as an own data property, also when the key is `__proto__`. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
