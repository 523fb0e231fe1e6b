/**
 * What sandboxed SQL may name. Checked twice: on DuckDB's parse tree (clear messages, names as
 * written) and on DuckDB's bound, unoptimised plan of the same text (what the names resolved to,
 * with views and macros expanded). docs/sql-sandbox.md lists the same rules for users.
 */

/** The only tables a query may name (besides its own CTEs): the project's views. */
export const SANDBOX_VIEW_NAMES: ReadonlySet<string> = new Set(['events', 'persons']);

/**
 * Table functions allowed in FROM: pure functions of their arguments, no catalog, file or state
 * access. Everything else is refused (read_csv, read_parquet, read_json, read_text, read_blob,
 * glob, query, query_table, duckdb_*, pragma_*, checkpoint, enable_logging, test_all_types, ...).
 */
export const SANDBOX_TABLE_FUNCTIONS: ReadonlySet<string> = new Set(['range', 'generate_series', 'unnest', 'json_each', 'json_tree']);

/**
 * Scalar functions and macros refused anywhere (checked by name, case-insensitively, in the parse
 * tree and in the bound plan, so a macro that expands to one of them is refused too):
 * - run or plan SQL text: query, query_table, json_serialize_plan, json_execute_serialized_sql
 *   (json_serialize_sql / json_deserialize_sql only rewrite text, refused for simplicity);
 * - read the catalog through table functions inside a macro: pg_get_viewdef,
 *   pg_get_constraintdef, format_type, get_block_size (the plan check would refuse them as well);
 * - expose server state or settings: current_setting, getvariable, current_query,
 *   current_query_id, current_connection_id, current_transaction_id, txid_current;
 * - change state or block a thread outside the interruptible executor: nextval, currval,
 *   write_log, sleep_ms, pg_sleep.
 */
export const SANDBOX_DENIED_FUNCTIONS: ReadonlySet<string> = new Set([
  'query',
  'query_table',
  'json_serialize_plan',
  'json_serialize_sql',
  'json_deserialize_sql',
  'json_execute_serialized_sql',
  'pg_get_viewdef',
  'pg_get_constraintdef',
  'format_type',
  'get_block_size',
  'current_setting',
  'getvariable',
  'current_query',
  'current_query_id',
  'current_connection_id',
  'current_transaction_id',
  'txid_current',
  'nextval',
  'currval',
  'write_log',
  'sleep_ms',
  'pg_sleep',
]);

/** Function name prefixes refused anywhere (catalog, settings and internal functions). */
export const SANDBOX_DENIED_FUNCTION_PREFIXES: readonly string[] = ['duckdb_', 'pragma_', '__internal', 'read_', 'parquet_'];

/** True when a function of this name may be called as a scalar, aggregate or window function. */
export function isAllowedFunctionName(name: string): boolean {
  const n = name.toLowerCase();
  return !SANDBOX_DENIED_FUNCTIONS.has(n) && !SANDBOX_DENIED_FUNCTION_PREFIXES.some((p) => n.startsWith(p));
}
