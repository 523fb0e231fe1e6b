import { GraphQLError, GraphQLScalarType, Kind, type ValueNode, print } from 'graphql';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Deeper values are refused: nothing the API carries nests this far, and deep recursion is a cheap
 * attack. Services that pass stored JSON through (rejected decisions) hold theirs to the same limit.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * `JSON`: any JSON value (object, array, string, finite number, boolean, null). Strict both ways: a
 * value that JSON cannot represent (undefined, NaN, Infinity, functions, dates, class instances) is
 * an error rather than being coerced. graphql-type-json is not a dependency; this is the small
 * subset the governance API needs.
 */
export const GraphQLJSON = new GraphQLScalarType<JsonValue, JsonValue>({
  name: 'JSON',
  description: 'Any JSON value: object, array, string, finite number, boolean or null.',
  serialize: (value) => toJson(value, 'JSON output', 0),
  parseValue: (value) => toJson(value, 'JSON input', 0),
  parseLiteral: (ast, variables) => fromLiteral(ast, variables ?? undefined, 0),
});

export function toJson(value: unknown, what: string, depth: number): JsonValue {
  if (depth > MAX_JSON_DEPTH) throw new GraphQLError(`${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GraphQLError(`${what} has a number JSON cannot represent: ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => toJson(item, what, depth + 1));
  if (typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, toJson(item, what, depth + 1));
    return out;
  }
  throw new GraphQLError(`${what} is not JSON (a ${value === undefined ? 'undefined' : typeof value} value)`);
}

/**
 * `out[key] = value` as an own property whatever the key: a plain assignment of `__proto__` (a
 * key JSON.parse gives as an own property) would replace the object's prototype instead, dropping
 * the key and making the result something this scalar then refuses to serialize.
 */
function setOwn(out: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function fromLiteral(ast: ValueNode, variables: Record<string, unknown> | undefined, depth: number): JsonValue {
  if (depth > MAX_JSON_DEPTH) throw new GraphQLError(`JSON input nests deeper than ${MAX_JSON_DEPTH} levels`);
  switch (ast.kind) {
    case Kind.NULL:
      return null;
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return toJson(Number(ast.value), 'JSON input', depth);
    case Kind.LIST:
      return ast.values.map((item) => fromLiteral(item, variables, depth + 1));
    case Kind.OBJECT: {
      const out: Record<string, JsonValue> = {};
      for (const field of ast.fields) setOwn(out, field.name.value, fromLiteral(field.value, variables, depth + 1));
      return out;
    }
    case Kind.VARIABLE: {
      const name = ast.name.value;
      if (!variables || !(name in variables)) throw new GraphQLError(`JSON input uses the undefined variable $${name}`);
      return toJson(variables[name], 'JSON input', depth);
    }
    default:
      throw new GraphQLError(`JSON input cannot be ${print(ast)} (an enum value is not JSON)`);
  }
}
