/** The JSON types a violation may name as received: never the value itself. */
export type JsonTypeName = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/**
 * The JSON type of a value as JSON Schema names it: a number without a fractional part is an
 * `integer` (so `-0` and `1e308` are integers), any other number a `number`. `null` for what JSON
 * cannot hold (`undefined`, a function, a bigint, a symbol).
 */
export function jsonTypeOf(value: unknown): JsonTypeName | null {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'array' : 'object';
    default:
      return null;
  }
}

/** A type named by a schema (`type` or one of a `type` list) admits a value of JSON type `received`. */
export function typeAdmits(schemaType: string, received: JsonTypeName | null): boolean {
  return schemaType === received || (schemaType === 'number' && received === 'integer');
}
