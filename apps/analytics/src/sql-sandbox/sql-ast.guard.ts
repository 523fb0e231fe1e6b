import { DomainError } from '@fulcrum/contracts';
import { SANDBOX_TABLE_FUNCTIONS, SANDBOX_VIEW_NAMES, isAllowedFunctionName } from './sandbox.allow-list';
import { type Json, isObject } from './sql-json.node';

/**
 * The statement check on DuckDB's own parse tree (the JSON of `json_serialize_sql`), walked
 * generically so that every nested query, subquery, CTE body, join side and function argument is
 * seen. Refuses (SQL_NOT_ALLOWED, naming the object and its position):
 * - a table that is not `events`, `persons` or a CTE of the query visible at that point (DuckDB's
 *   scoping: a CTE is visible in the query that defines it, in nested queries and in the bodies of
 *   the CTEs defined after it; a recursive CTE in its own recursive part); any schema or catalog
 *   qualifier (`main.events`, `memory.main.events`, `'file.csv'` scans are table names too);
 *   time travel (`AT (VERSION => ...)`);
 * - a table function outside the allow-list, a denied scalar function, a catalog- or
 *   schema-qualified function (only `main.` is accepted, which the parser itself emits);
 * - parameters (`$1`, `?`, `$name`);
 * - SHOW of catalog objects (DESCRIBE/SUMMARIZE of a query are fine), and FROM items or query
 *   nodes of a kind this walker does not know.
 */
export function assertAllowedStatement(statementNode: unknown): void {
  walk(statementNode, new Set());
}

type Scope = ReadonlySet<string>;

const QUERY_NODE_TYPES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE']);
/** FROM items that only contain other checked items. */
const PLAIN_TABLE_REFS = new Set(['SUBQUERY', 'JOIN', 'EMPTY', 'EMPTY_FROM', 'EXPRESSION_LIST', 'PIVOT']);
/** Every FROM item kind DuckDB's TableReferenceType knows, so that new ones are noticed. */
const TABLE_REF_TYPES = new Set([
  ...PLAIN_TABLE_REFS,
  'BASE_TABLE',
  'TABLE_FUNCTION',
  'SHOW_REF',
  'COLUMN_DATA',
  'DELIM_GET',
  'BOUND_TABLE_REF',
  'CTE',
  'INVALID',
]);

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function walk(value: unknown, scope: Scope): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, scope);
    return;
  }
  if (!isObject(value)) return;
  const type = typeof value['type'] === 'string' ? value['type'] : undefined;
  if (typeof value['class'] === 'string') return walkExpression(value, scope);
  if (type !== undefined && type.endsWith('_NODE')) return walkQueryNode(value, type, scope);
  if (type !== undefined && TABLE_REF_TYPES.has(type)) return walkTableRef(value, type, scope);
  walkChildren(value, scope);
}

function walkChildren(value: Json, scope: Scope, skip: readonly string[] = []): void {
  for (const [k, v] of Object.entries(value)) if (!skip.includes(k)) walk(v, scope);
}

function walkQueryNode(node: Json, type: string, scope: Scope): void {
  if (!QUERY_NODE_TYPES.has(type)) throw refused(`A query of kind ${type} is not allowed.`, node, { kind: type });
  const visible = new Set(scope);
  const cteMap = node['cte_map'];
  const entries = isObject(cteMap) && Array.isArray(cteMap['map']) ? cteMap['map'] : [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    // A CTE body sees the CTEs defined before it (and the outer ones), not itself nor later ones:
    // a reference to those would fall through to the catalog.
    walk(entry['value'], visible);
    const name = str(entry['key']).toLowerCase();
    if (name !== '') visible.add(name);
  }
  if (type === 'RECURSIVE_CTE_NODE') {
    // The anchor (left) does not see the CTE; the recursive part (right) does.
    walk(node['left'], visible);
    walk(node['right'], withName(visible, str(node['cte_name'])));
    walkChildren(node, visible, ['cte_map', 'left', 'right']);
    return;
  }
  if (type === 'CTE_NODE') {
    walk(node['query'], visible);
    walk(node['child'], withName(visible, str(node['ctename'] ?? node['cte_name'])));
    walkChildren(node, visible, ['cte_map', 'query', 'child']);
    return;
  }
  walkChildren(node, visible, ['cte_map']);
}

function withName(scope: Scope, name: string): Scope {
  const s = new Set(scope);
  if (name !== '') s.add(name.toLowerCase());
  return s;
}

function walkTableRef(ref: Json, type: string, scope: Scope): void {
  switch (type) {
    case 'BASE_TABLE':
      return checkBaseTable(ref, scope);
    case 'TABLE_FUNCTION': {
      const fn = ref['function'];
      const name = isObject(fn) ? str(fn['function_name']) : '';
      const qualified = isObject(fn) && (str(fn['schema']) !== '' || str(fn['catalog']) !== '');
      if (qualified || !SANDBOX_TABLE_FUNCTIONS.has(name.toLowerCase())) {
        const full = isObject(fn) ? qualifiedName(fn['catalog'], fn['schema'], name) : name;
        throw refused(
          `Table function ${full}() is not allowed: only ${[...SANDBOX_TABLE_FUNCTIONS].join(', ')} may be used in FROM (no file, catalog or SQL-text functions).`,
          ref,
          { object: full },
        );
      }
      return walkChildren(ref, scope);
    }
    case 'SHOW_REF':
      if (str(ref['table_name']) !== '' || !isObject(ref['query'])) {
        const what = str(ref['table_name']).replace(/"/g, '') || 'catalog objects';
        throw refused(`SHOW ${what} is not allowed: only the events and persons views are visible (DESCRIBE or SUMMARIZE a query instead).`, ref, { object: what });
      }
      return walkChildren(ref, scope);
    default:
      if (PLAIN_TABLE_REFS.has(type)) return walkChildren(ref, scope);
      throw refused(`A FROM item of kind ${type} is not allowed.`, ref, { kind: type });
  }
}

function checkBaseTable(ref: Json, scope: Scope): void {
  const name = str(ref['table_name']);
  const full = qualifiedName(ref['catalog_name'], ref['schema_name'], name);
  if (full !== name) {
    throw refused(`Table ${full} is not allowed: name the views events and persons (or your own CTEs) without a schema or catalog.`, ref, { object: full });
  }
  if (ref['at_clause'] !== null && ref['at_clause'] !== undefined) {
    throw refused(`Time travel (AT ...) on ${name} is not allowed: use asOfDataVersion.`, ref, { object: name });
  }
  const lower = name.toLowerCase();
  if (!SANDBOX_VIEW_NAMES.has(lower) && !scope.has(lower)) {
    throw refused(`Table ${JSON.stringify(name)} is not available: only the views events and persons and the query's own CTEs can be read (no files, no other tables).`, ref, {
      object: name,
    });
  }
}

function walkExpression(expr: Json, scope: Scope): void {
  const cls = str(expr['class']);
  if (cls === 'PARAMETER') {
    throw refused('Query parameters ($1, ?, $name) are not supported: write the values into the query.', expr, { object: 'parameter' });
  }
  if ('function_name' in expr) {
    const name = str(expr['function_name']);
    const catalog = str(expr['catalog']);
    const schema = str(expr['schema']);
    if (catalog !== '' || (schema !== '' && schema.toLowerCase() !== 'main')) {
      const full = qualifiedName(catalog, schema, name);
      throw refused(`Function ${full}() is not allowed: call functions without a schema or catalog.`, expr, { object: full });
    }
    if (!isAllowedFunctionName(name)) throw refused(`Function ${name}() is not allowed in the sandbox.`, expr, { object: name });
  }
  walkChildren(expr, scope);
}

function qualifiedName(catalog: unknown, schema: unknown, name: string): string {
  return [str(catalog), str(schema), name].filter((p) => p !== '').join('.');
}

/** Offsets the parser could not attach are 2^64-1 (read as a huge double). */
function positionOf(node: Json): number | undefined {
  const p = node['query_location'];
  return typeof p === 'number' && p >= 0 && p < Number.MAX_SAFE_INTEGER ? p : undefined;
}

function refused(message: string, node: Json, details: Record<string, unknown>): DomainError {
  const position = positionOf(node);
  return new DomainError('SQL_NOT_ALLOWED', message, position === undefined ? details : { ...details, position });
}
