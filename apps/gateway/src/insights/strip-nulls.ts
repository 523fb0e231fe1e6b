/**
 * GraphQL hands an explicitly-null optional field to the resolver as `null`; the contracts' JSON
 * Schemas accept an absent field but not `null`. So `null` (and `undefined`) properties are left
 * out, at any depth. List elements are kept as they are: dropping a `null` from a list would
 * change what the client asked for (the service refuses it instead).
 */
export type WithoutNulls<T> = T extends Date
  ? T
  : T extends ReadonlyArray<infer E>
    ? Array<WithoutNulls<E>>
    : T extends object
      ? { [K in keyof T as null extends T[K] ? never : K]: WithoutNulls<T[K]> } & {
          [K in keyof T as null extends T[K] ? K : never]?: WithoutNulls<Exclude<T[K], null | undefined>>;
        }
      : T;

export function stripNulls<T>(value: T): WithoutNulls<T> {
  return strip(value) as WithoutNulls<T>;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && item !== undefined) out[key] = strip(item);
  }
  return out;
}
