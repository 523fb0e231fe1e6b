import { DomainError } from '@fulcrum/contracts';
import { SANDBOX_TABLE_FUNCTIONS, isAllowedFunctionName } from './sandbox.allow-list';
import { type Json, isObject } from './sql-json.node';

/**
 * The second check, on what DuckDB's binder made of the query: the JSON of
 * `json_serialize_plan(sql, optimize := false)` for the user's query wrapped in stand-in views
 * (`events` and `persons` as constant, table-less CTEs of the same columns and types). Views and
 * macros are expanded in a plan and every name is resolved, so whatever the parse-tree check
 * missed shows up here:
 * - any read of a table (`seq_scan` of memory.main.events, consumer_state, ...) is refused: the
 *   stand-ins read no table, so a table scan can only come from a name that escaped the views;
 * - any table function outside the allow-list (duckdb_tables behind information_schema, ...);
 * - any denied scalar, aggregate or window function (pg_sleep expands to sleep_ms, ...);
 * - operators that write or change state (never part of a SELECT; checked anyway).
 */
export function assertAllowedPlan(plan: unknown): void {
  walk(plan);
}

const WRITING_OPERATOR =
  /^LOGICAL_(INSERT|DELETE|UPDATE|UPDATE_EXTENSIONS|MERGE_INTO|CREATE_\w+|ALTER|DROP|COPY_\w+|EXPORT|PRAGMA|SET|RESET|ATTACH|DETACH|TRANSACTION|VACUUM|LOAD|PREPARE|EXECUTE|EXPLAIN)$/;

function walk(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v);
    return;
  }
  if (!isObject(value)) return;
  const type = value['type'];
  if (type === 'LOGICAL_GET') checkGet(value);
  else if (typeof type === 'string' && WRITING_OPERATOR.test(type)) {
    throw new DomainError('SQL_NOT_ALLOWED', `The query plan contains ${type}, which the sandbox does not allow.`, { object: type });
  }
  const cls = value['expression_class'];
  if (typeof cls === 'string' && (cls === 'BOUND_FUNCTION' || cls === 'BOUND_AGGREGATE' || cls === 'BOUND_WINDOW')) {
    const name = functionName(value);
    if (name !== undefined && !isAllowedFunctionName(name)) {
      throw new DomainError('SQL_NOT_ALLOWED', `Function ${name}() is not allowed in the sandbox (it is called by the query or by a macro it uses).`, { object: name });
    }
  }
  for (const v of Object.values(value)) walk(v);
}

function checkGet(get: Json): void {
  const name = typeof get['name'] === 'string' ? get['name'] : '';
  if (name === 'seq_scan') {
    const data = isObject(get['function_data']) ? get['function_data'] : {};
    const table = ['catalog', 'schema', 'table'].map((k) => (typeof data[k] === 'string' ? data[k] : '')).filter((p) => p !== '').join('.');
    throw new DomainError(
      'SQL_NOT_ALLOWED',
      `The query reads table ${table || '(unknown)'} directly: only the views events and persons are visible.`,
      { object: table || 'table' },
    );
  }
  if (!SANDBOX_TABLE_FUNCTIONS.has(name.toLowerCase())) {
    throw new DomainError('SQL_NOT_ALLOWED', `The query uses the table function ${name}() (directly or through a view or macro), which the sandbox does not allow.`, {
      object: name,
    });
  }
}

/** Bound functions carry their name as `name`, or inside `function`/`aggregate` (by DuckDB version). */
function functionName(expr: Json): string | undefined {
  if (typeof expr['name'] === 'string') return expr['name'];
  for (const k of ['function', 'aggregate']) {
    const f = expr[k];
    if (isObject(f) && typeof f['name'] === 'string') return f['name'];
  }
  return undefined;
}
