import { isDeepStrictEqual } from 'node:util';
import { SCHEMA_CHANGE_KINDS, type SchemaChangeKind } from '../schemaver/schemaver';

/** A JSON Schema (draft 2020-12), as stored in the plan. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/**
 * A change of the schema that events valid before may no longer satisfy.
 * `reach`: `ALL` when every historical event reaching `path` is invalid under the new schema (a new
 * required property no event could have had, a required property's type changed to one it never
 * had), `SOME` when only some may be.
 */
export interface SchemaIncompatibility {
  /** Where in an event's properties: `/cart/items/*` (`*` any array item or unnamed property). */
  path: string;
  keyword: string;
  reach: 'ALL' | 'SOME';
  message: string;
}

export interface SchemaChange {
  /** The smallest SchemaVer step the change needs; `NONE` when only annotations changed (or nothing). */
  kind: SchemaChangeKind | 'NONE';
  incompatibilities: SchemaIncompatibility[];
}

/** Keywords that describe and never constrain: a change to them is no change of what is valid. */
const ANNOTATIONS = new Set(['title', 'description', 'examples', '$comment', 'default', 'deprecated', 'readOnly', 'writeOnly', '$schema', '$id']);
/** Keywords compared by rule below; any other keyword that changes counts as an incompatibility. */
const ANALYSED = new Set([
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
]);

/**
 * The kind of change from one JSON Schema to the next, for SchemaVer: `ADDITION` when every value
 * valid before stays valid (an optional property added where unknown properties were refused, a
 * constraint loosened, a type widened), `REVISION` when some may not, `MODEL` when all may not.
 * Sound by construction (a property test checks it with ajv): it never calls a change compatible
 * when some value valid before is refused after. It is conservative where JSON Schema cannot be
 * decided cheaply: a changed `pattern` or `format`, or any change to a keyword it does not analyse
 * (`oneOf`, `patternProperties`, `$ref`, …), counts as an incompatibility.
 */
export function classifySchemaChange(before: JsonSchema, after: JsonSchema): SchemaChange {
  const incompatibilities: SchemaIncompatibility[] = [];
  compare(normalise(before), normalise(after), '', true, incompatibilities);
  const kind: SchemaChange['kind'] = incompatibilities.some((i) => i.reach === 'ALL')
    ? 'MODEL'
    : incompatibilities.length > 0
      ? 'REVISION'
      : isDeepStrictEqual(withoutAnnotations(before), withoutAnnotations(after))
        ? 'NONE'
        : 'ADDITION';
  return { kind, incompatibilities };
}

/** The larger of two change kinds. */
export function largerChange(a: SchemaChange['kind'], b: SchemaChange['kind']): SchemaChange['kind'] {
  if (a === 'NONE') return b;
  if (b === 'NONE') return a;
  return SCHEMA_CHANGE_KINDS.indexOf(a) >= SCHEMA_CHANGE_KINDS.indexOf(b) ? a : b;
}

type Schema = Readonly<Record<string, unknown>>;

/** `false`: the schema nothing satisfies. */
const NOTHING: Schema = Object.freeze({ not: {} });

function normalise(schema: unknown): Schema {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return NOTHING;
  return schema as Schema;
}

function withoutAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutAnnotations);
  if (typeof schema !== 'object' || schema === null) return schema === true ? {} : schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    // `properties` maps names to schemas, `enum`/`const` hold values: only schemas lose annotations.
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutAnnotations(sub)]));
    } else if (key === 'enum' || key === 'const' || key === 'required') out[key] = value;
    else out[key] = withoutAnnotations(value);
  }
  return out;
}

function compare(before: Schema, after: Schema, path: string, reachAll: boolean, out: SchemaIncompatibility[]): void {
  const add = (keyword: string, message: string, all = false): void => {
    out.push({ path: path || '/', keyword, reach: all && reachAll ? 'ALL' : 'SOME', message });
  };
  if (after === NOTHING || before === NOTHING) {
    // Nothing was valid before: nothing can break. Nothing is valid now: everything breaks.
    if (before !== NOTHING) add('false', 'no value is allowed any more', true);
    return;
  }
  compareTypes(before, after, add);
  compareValues(before, after, add);
  compareBounds(before, after, add);
  if (after['pattern'] !== undefined && after['pattern'] !== before['pattern']) add('pattern', `pattern ${JSON.stringify(after['pattern'])} is new or changed`);
  if (after['format'] !== undefined && after['format'] !== before['format']) add('format', `format ${JSON.stringify(after['format'])} is new or changed`);
  if (after['uniqueItems'] === true && before['uniqueItems'] !== true) add('uniqueItems', 'array items must now be unique');
  compareObjects(before, after, path, reachAll, out, add);
  if (before['items'] !== undefined || after['items'] !== undefined) {
    // An array may be empty: what its items must satisfy reaches some events at most.
    compare(normalise(before['items']), normalise(after['items']), `${path}/*`, false, out);
  }
  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ANALYSED.has(keyword) || ANNOTATIONS.has(keyword) || keyword.startsWith('x-')) continue;
    if (!isDeepStrictEqual(withoutAnnotations(before[keyword]), withoutAnnotations(after[keyword]))) {
      add(keyword, `${keyword} changed (not analysed: any change counts as incompatible)`);
    }
  }
}

type Add = (keyword: string, message: string, all?: boolean) => void;

function typesOf(schema: Schema): Set<string> | undefined {
  const type = schema['type'];
  if (type === undefined) return undefined;
  return new Set(Array.isArray(type) ? (type as string[]) : [type as string]);
}

function compareTypes(before: Schema, after: Schema, add: Add): void {
  const next = typesOf(after);
  if (!next) return;
  const previous = typesOf(before);
  if (!previous) {
    add('type', `type is now restricted to ${[...next].join(', ')}`);
    return;
  }
  const accepts = (type: string): boolean => next.has(type) || (type === 'integer' && next.has('number'));
  const lost = [...previous].filter((type) => !accepts(type));
  if (lost.length === 0) return;
  // No type accepted before is accepted now (number → integer keeps some numbers).
  const overlap = [...previous].some((type) => accepts(type) || (type === 'number' && next.has('integer')));
  add('type', `type ${lost.join(', ')} is no longer accepted (now ${[...next].join(', ')})`, !overlap);
}

function compareValues(before: Schema, after: Schema, add: Add): void {
  const allowedBefore: unknown[] | undefined = before['const'] !== undefined ? [before['const']] : (before['enum'] as unknown[] | undefined);
  for (const keyword of ['enum', 'const'] as const) {
    if (after[keyword] === undefined) continue;
    const allowedAfter = keyword === 'const' ? [after['const']] : (after['enum'] as unknown[]);
    if (!allowedBefore) {
      add(keyword, `values are now limited to ${JSON.stringify(allowedAfter)}`);
      continue;
    }
    const dropped = allowedBefore.filter((value) => !allowedAfter.some((other) => isDeepStrictEqual(value, other)));
    if (dropped.length > 0) add(keyword, `value(s) ${JSON.stringify(dropped)} no longer allowed`, dropped.length === allowedBefore.length);
  }
}

const num = (schema: Schema, keyword: string): number | undefined => (typeof schema[keyword] === 'number' ? (schema[keyword] as number) : undefined);

function compareBounds(before: Schema, after: Schema, add: Add): void {
  // Lower bounds: the new one must let through everything the old ones did.
  const min = num(after, 'minimum');
  if (min !== undefined) {
    const ok = (num(before, 'minimum') ?? -Infinity) >= min || (num(before, 'exclusiveMinimum') ?? -Infinity) >= min;
    if (!ok) add('minimum', `minimum ${min} is new or higher`);
  }
  const exclusiveMin = num(after, 'exclusiveMinimum');
  if (exclusiveMin !== undefined) {
    const ok = (num(before, 'exclusiveMinimum') ?? -Infinity) >= exclusiveMin || (num(before, 'minimum') ?? -Infinity) > exclusiveMin;
    if (!ok) add('exclusiveMinimum', `exclusiveMinimum ${exclusiveMin} is new or higher`);
  }
  const max = num(after, 'maximum');
  if (max !== undefined) {
    const ok = (num(before, 'maximum') ?? Infinity) <= max || (num(before, 'exclusiveMaximum') ?? Infinity) <= max;
    if (!ok) add('maximum', `maximum ${max} is new or lower`);
  }
  const exclusiveMax = num(after, 'exclusiveMaximum');
  if (exclusiveMax !== undefined) {
    const ok = (num(before, 'exclusiveMaximum') ?? Infinity) <= exclusiveMax || (num(before, 'maximum') ?? Infinity) < exclusiveMax;
    if (!ok) add('exclusiveMaximum', `exclusiveMaximum ${exclusiveMax} is new or lower`);
  }
  const multipleOf = num(after, 'multipleOf');
  if (multipleOf !== undefined) {
    const previous = num(before, 'multipleOf');
    const ok = previous !== undefined && Number.isInteger(previous / multipleOf);
    if (!ok) add('multipleOf', `multipleOf ${multipleOf} is new or not a divisor of the old one`);
  }
  for (const [lower, upper] of [
    ['minLength', 'maxLength'],
    ['minItems', 'maxItems'],
    ['minProperties', 'maxProperties'],
  ] as const) {
    const low = num(after, lower);
    if (low !== undefined && (num(before, lower) ?? 0) < low) add(lower, `${lower} ${low} is new or higher`);
    const high = num(after, upper);
    if (high !== undefined && (num(before, upper) ?? Infinity) > high) add(upper, `${upper} ${high} is new or lower`);
  }
}

function compareObjects(before: Schema, after: Schema, path: string, reachAll: boolean, out: SchemaIncompatibility[], add: Add): void {
  const propsBefore = (before['properties'] ?? {}) as Record<string, unknown>;
  const propsAfter = (after['properties'] ?? {}) as Record<string, unknown>;
  const requiredBefore = new Set((before['required'] ?? []) as string[]);
  const requiredAfter = new Set((after['required'] ?? []) as string[]);
  const extraBefore = before['additionalProperties'];
  const extraAfter = after['additionalProperties'];
  for (const name of new Set([...Object.keys(propsBefore), ...Object.keys(propsAfter)])) {
    const childPath = `${path}/${escapePointer(name)}`;
    const childReachAll = reachAll && requiredBefore.has(name);
    const was = Object.hasOwn(propsBefore, name) ? propsBefore[name] : extraBefore;
    const is = Object.hasOwn(propsAfter, name) ? propsAfter[name] : extraAfter;
    if (was === false) continue; // no historical event had it: whatever it must be now, nothing breaks
    if (is === false) {
      out.push({ path: childPath, keyword: 'properties', reach: childReachAll ? 'ALL' : 'SOME', message: `property ${name} is no longer allowed` });
      continue;
    }
    compare(normalise(was), normalise(is), childPath, childReachAll, out);
  }
  for (const name of requiredAfter) {
    if (requiredBefore.has(name)) continue;
    // Could a historical event have had it? Not when it was undeclared and unknown properties were refused.
    const couldHaveHad = Object.hasOwn(propsBefore, name) ? propsBefore[name] !== false : extraBefore !== false;
    add('required', `property ${name} is now required`, !couldHaveHad);
  }
  // Properties neither schema names.
  if (extraAfter !== undefined && extraAfter !== true && extraBefore !== false) {
    if (extraAfter === false) add('additionalProperties', 'properties not in the schema are no longer allowed');
    else compare(normalise(extraBefore), normalise(extraAfter), `${path}/*`, false, out);
  }
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
