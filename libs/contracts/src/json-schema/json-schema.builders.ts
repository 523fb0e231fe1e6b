/**
 * The few JSON Schema shapes TypeBox's builders do not write the way our messages have always been
 * written (ajv sees plain JSON Schema; TypeBox's symbol keys are invisible to it). Each one is a
 * `Type.Unsafe` with the exact schema and the TypeScript type it means, so the schema stays the
 * single definition of both.
 */
import { type Static, type TNull, type TObject, type TProperties, type TSchema, type TUnion, type TUnsafe, Type } from '@sinclair/typebox';

/** An object that admits no property but those listed: every message object is closed. */
export function closedObject<T extends TProperties>(properties: T): TObject<T> {
  return Type.Object(properties, { additionalProperties: false });
}

/** `{ enum: [...] }` typed as the union of the values (TypeBox would write `anyOf` of `const`s). */
export function oneOf<const V extends readonly string[]>(values: V, options: { type?: 'string' } = {}): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ ...options, enum: [...values] });
}

/** The value or JSON `null`: `{ anyOf: [schema, { type: 'null' }] }`. */
export function nullable<T extends TSchema>(schema: T): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()]);
}

/** `{ type: 'integer', const: n }`, typed as the literal (TypeBox's `Literal` would write `type: 'number'`). */
export function integerConst<const N extends number>(n: N): TUnsafe<N> {
  return Type.Unsafe<N>({ type: 'integer', const: n });
}

/** Any JSON object, its properties unchecked: `{ type: 'object' }`. */
export function jsonObject(): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object' });
}

/** An object with any keys, every value matching `value`: `{ type: 'object', additionalProperties: value }`. */
export function recordOf<V extends TSchema>(value: V): TUnsafe<Record<string, Static<V>>> {
  return Type.Unsafe<Record<string, Static<V>>>({ type: 'object', additionalProperties: value });
}

/** An array whose items the receiver checks one by one (so one bad item never sinks the others). */
export function uncheckedArray(bounds: { minItems?: number; maxItems?: number } = {}): TUnsafe<unknown[]> {
  return Type.Unsafe<unknown[]>({ type: 'array', ...bounds });
}

/** A request without fields: `{}` and nothing else. */
export function emptyObject(): TUnsafe<Record<string, never>> {
  return Type.Unsafe<Record<string, never>>({ type: 'object', additionalProperties: false, properties: {} });
}

/** A UUID in its canonical text form (ajv-formats `uuid`). */
export function uuid() {
  return Type.String({ format: 'uuid' });
}
