/** What a PII mark does to a property before Fulcrum stores the event. */
export type PiiRuleName = 'DROP' | 'HASH';

export interface ConversionContext {
  /** The whole properties schema, for local `$ref`s (`#`, `#/$defs/…`). */
  root: unknown;
  /** PII marks of the definition by JSON pointer into the event's properties (`/email`, `/user/email`). */
  pii: ReadonlyMap<string, PiiRuleName>;
}

const PII_NOTES: Record<PiiRuleName, string> = {
  HASH: 'PII (HASH): hashed by Fulcrum (HMAC-SHA-256) before storage.',
  DROP: 'PII (DROP): dropped by Fulcrum before storage.',
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INDENT = '  ';

/**
 * A TypeScript type for a JSON Schema (draft 2020-12) of the keyword subset tracking plans use:
 * `type` (one or a list), `properties`/`required`/`additionalProperties`/`patternProperties`,
 * `enum`/`const` (literal unions), `items`, nested objects, local `$ref`, `anyOf`/`oneOf` (a
 * union), `allOf` (an intersection). Keywords that only narrow values (`minimum`, `pattern`,
 * `format`, `not`, `if`/`then`/`else`, …) are left out, so the type admits at least every valid
 * value. What it cannot express becomes `unknown` with a comment saying why (`prefixItems`,
 * a recursive `$ref`, a schema without `type`). `pointer` is where the value sits in the event's
 * properties while only `properties` were followed (PII marks are found there), else null.
 */
export function schemaToType(schema: unknown, context: ConversionContext, indent = '', pointer: string | null = '', refs: readonly string[] = []): string {
  if (schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (!isRecord(schema)) return 'unknown /* not a schema */';
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    if (refs.includes(ref)) return `unknown /* recursive ${comment(ref)} */`;
    const target = resolveLocalRef(context.root, ref);
    if (target === undefined) return `unknown /* unresolved ${comment(ref)} */`;
    const referenced = schemaToType(target, context, indent, null, [...refs, ref]);
    const rest = { ...schema };
    delete rest['$ref'];
    const own = hasTypeKeywords(rest) ? schemaToType(rest, context, indent, pointer, refs) : undefined;
    return own === undefined ? referenced : intersect([referenced, own]);
  }
  if ('const' in schema) return literalType(schema['const'], indent);
  if (Array.isArray(schema['enum'])) {
    const values = schema['enum'].map((value) => literalType(value, indent));
    return values.length === 0 ? 'never' : unique(values).join(' | ');
  }
  const alternatives = Array.isArray(schema['anyOf']) ? schema['anyOf'] : Array.isArray(schema['oneOf']) ? schema['oneOf'] : undefined;
  const parts: string[] = [];
  if (alternatives) {
    const rest = { ...schema };
    delete rest['anyOf'];
    delete rest['oneOf'];
    const union = unique(alternatives.map((alternative) => schemaToType(mergeBase(rest, alternative), context, indent, null, refs))).join(' | ');
    parts.push(alternatives.length === 1 ? union : `(${union})`);
  } else {
    parts.push(typeFromTypeKeyword(schema, context, indent, pointer, refs));
  }
  if (Array.isArray(schema['allOf'])) {
    for (const member of schema['allOf']) {
      const type = schemaToType(member, context, indent, null, refs);
      if (type !== 'unknown') parts.push(type.includes('|') ? `(${type})` : type);
    }
  }
  return intersect(parts);
}

/** The members of an object schema's type as lines (for a type alias body), each with its JSDoc. */
function objectType(schema: Record<string, unknown>, context: ConversionContext, indent: string, pointer: string | null, refs: readonly string[]): string {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((name): name is string => typeof name === 'string') : []);
  const inner = indent + INDENT;
  const lines: string[] = [];
  for (const name of Object.keys(properties)) {
    const propertySchema = properties[name];
    const memberPointer = pointer === null ? null : `${pointer}/${escapePointer(name)}`;
    const doc: string[] = [];
    if (isRecord(propertySchema)) {
      if (typeof propertySchema['description'] === 'string' && propertySchema['description'] !== '') doc.push(...propertySchema['description'].split(/\r\n|\r|\n|\u2028|\u2029/));
      const constraints = constraintNotes(propertySchema);
      if (constraints.length > 0) doc.push(constraints.join(', '));
      if (propertySchema['deprecated'] === true) doc.push('@deprecated');
    }
    const rule = memberPointer === null ? undefined : context.pii.get(memberPointer);
    if (rule) doc.push(PII_NOTES[rule]);
    lines.push(...docComment(doc, inner));
    const optional = required.has(name) ? '' : '?';
    lines.push(`${inner}${propertyKey(name)}${optional}: ${schemaToType(propertySchema, context, inner, memberPointer, refs)};`);
  }
  // Undeclared properties are allowed unless `additionalProperties: false` without `patternProperties`:
  // their values are typed `unknown` (declared members must stay assignable to the index type).
  const closed = schema['additionalProperties'] === false && !isRecord(schema['patternProperties']);
  if (!closed) lines.push(`${inner}[property: string]: unknown;`);
  if (lines.length === 0) return '{}';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function typeFromTypeKeyword(schema: Record<string, unknown>, context: ConversionContext, indent: string, pointer: string | null, refs: readonly string[]): string {
  const declared = schema['type'];
  const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared.filter((t): t is string => typeof t === 'string') : [];
  if (types.length === 0) {
    if (isRecord(schema['properties'])) return `unknown /* no "type": may be any JSON value */`;
    return 'unknown';
  }
  const converted = types.map((type) => {
    switch (type) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'object':
        return objectType(schema, context, indent, pointer, refs);
      case 'array':
        return arrayType(schema, context, indent, refs);
      default:
        return `unknown /* type ${comment(type)} */`;
    }
  });
  return unique(converted).join(' | ');
}

function arrayType(schema: Record<string, unknown>, context: ConversionContext, indent: string, refs: readonly string[]): string {
  if ('prefixItems' in schema) return 'unknown[] /* prefixItems (tuples) are not typed */';
  const items = 'items' in schema ? schema['items'] : true;
  const item = schemaToType(items, context, indent, null, refs);
  return /^[A-Za-z]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
}

/** Notes for JSDoc from keywords a TypeScript type cannot carry. */
function constraintNotes(schema: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const types = Array.isArray(schema['type']) ? schema['type'] : [schema['type']];
  if (types.includes('integer')) notes.push('integer');
  for (const keyword of ['format', 'pattern', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems']) {
    const value = schema[keyword];
    if (typeof value === 'string' || typeof value === 'number') notes.push(`${keyword} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
  return notes;
}

/** A JSON value as a TypeScript literal type (`"EUR"`, `3`, `true`, `null`, `{ "a": 1 }`, `[1, 2]`). */
function literalType(value: unknown, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '0' : String(value)) : 'number';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `readonly [${value.map((v) => literalType(v, indent)).join(', ')}]`;
  if (isRecord(value)) {
    const members = Object.keys(value).map((key) => `${propertyKey(key)}: ${literalType(value[key], indent)}`);
    return members.length === 0 ? 'Record<string, never>' : `{ ${members.join('; ')} }`;
  }
  return 'unknown';
}

/** Lines of a JSDoc block (none for no text); a star-slash inside the text is escaped, so it cannot end the comment. */
export function docComment(text: readonly string[], indent: string): string[] {
  if (text.length === 0) return [];
  const lines = text.map((line) => comment(line).replace(/\s+$/, ''));
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((line) => (line === '' ? `${indent} *` : `${indent} * ${line}`)), `${indent} */`];
}

/** Text safe inside a block comment: no star-slash (escaped as star, backslash, slash), no line break. */
export function comment(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ');
}

/** A string literal (JSON's escaping, plus U+2028/U+2029, which older parsers end a line at). */
export function quote(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function resolveLocalRef(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(segment)) node = node[Number(segment)];
    else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** A `anyOf` alternative with the keywords beside the `anyOf` (so `{type: object, properties, anyOf: [{required}]}` keeps its properties). */
function mergeBase(base: Record<string, unknown>, alternative: unknown): unknown {
  if (!hasTypeKeywords(base)) return alternative;
  if (!isRecord(alternative)) return alternative;
  if (hasTypeKeywords(alternative) && !('required' in alternative && Object.keys(alternative).length === 1)) {
    return { allOf: [base, alternative] };
  }
  const required = [...(Array.isArray(base['required']) ? base['required'] : []), ...(Array.isArray(alternative['required']) ? alternative['required'] : [])];
  return { ...base, ...(required.length > 0 && { required }) };
}

function hasTypeKeywords(schema: Record<string, unknown>): boolean {
  return ['type', 'enum', 'const', '$ref', 'anyOf', 'oneOf', 'allOf', 'properties', 'items'].some((keyword) => keyword in schema);
}

function intersect(parts: readonly string[]): string {
  const kept = parts.filter((part) => part !== 'unknown');
  if (kept.length === 0) return parts[0] ?? 'unknown';
  return kept.length === 1 ? kept[0] : kept.map((part) => (part.includes(' | ') && !part.startsWith('(') ? `(${part})` : part)).join(' & ');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
