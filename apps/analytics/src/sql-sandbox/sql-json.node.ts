/** A JSON object node of DuckDB's serialized SQL or plan (`json_serialize_sql`, `EXPLAIN (FORMAT JSON)`), as the guards walk it. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
