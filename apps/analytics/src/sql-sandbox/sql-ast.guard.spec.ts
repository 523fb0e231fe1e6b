import { DomainError } from '@fulcrum/contracts';
import { assertAllowedStatement } from './sql-ast.guard';

/** Minimal parse-tree fragments in the shape of DuckDB's json_serialize_sql (only the keys the walker reads). */
const table = (table_name: string, schema_name = '', catalog_name = '', at_clause: unknown = null) => ({
  type: 'BASE_TABLE',
  alias: '',
  query_location: 14,
  table_name,
  schema_name,
  catalog_name,
  at_clause,
});
const select = (from: unknown, ctes: Array<[string, unknown]> = [], selectList: unknown[] = []) => ({
  type: 'SELECT_NODE',
  modifiers: [],
  cte_map: { map: ctes.map(([key, node]) => ({ key, value: { aliases: [], query: { node, named_param_map: [] }, materialized: 'CTE_MATERIALIZE_DEFAULT' } })) },
  select_list: selectList,
  from_table: from,
});
const fn = (function_name: string, children: unknown[] = [], schema = '', catalog = '') => ({ class: 'FUNCTION', type: 'FUNCTION', function_name, schema, catalog, children });
const tableFn = (name: string, schema = '') => ({ type: 'TABLE_FUNCTION', function: fn(name, [], schema) });
const subquery = (node: unknown) => ({ type: 'SUBQUERY', subquery: { node } });

function refusal(node: unknown): DomainError | undefined {
  try {
    assertAllowedStatement(node);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('assertAllowedStatement (parse-tree check)', () => {
  it('accepts the views, in any case, and the allowed table functions', () => {
    expect(refusal(select(table('events')))).toBeUndefined();
    expect(refusal(select(table('PERSONS')))).toBeUndefined();
    for (const f of ['range', 'generate_series', 'unnest', 'json_each', 'json_tree']) expect(refusal(select(tableFn(f)))).toBeUndefined();
  });

  it('refuses other tables, qualified names and time travel, naming the object and its position', () => {
    expect(refusal(select(table('consumer_state')))?.details).toEqual({ object: 'consumer_state', position: 14 });
    expect(refusal(select(table('events', 'main')))?.details).toEqual({ object: 'main.events', position: 14 });
    expect(refusal(select(table('events', 'main', 'memory')))?.details).toMatchObject({ object: 'memory.main.events' });
    expect(refusal(select(table('file.csv')))?.code).toBe('SQL_NOT_ALLOWED');
    expect(refusal(select(table('events', '', '', { unit: 'VERSION' })))?.message).toMatch(/Time travel/);
  });

  it('scopes CTEs as DuckDB does: earlier siblings and outer queries only; recursive CTEs in their recursive part', () => {
    expect(refusal(select(table('a'), [['a', select(table('events'))]]))).toBeUndefined();
    // b is defined after a: inside a, "b" would be the catalog's b.
    expect(refusal(select(table('a'), [['a', select(table('b'))], ['b', select(table('events'))]]))?.details).toMatchObject({ object: 'b' });
    expect(refusal(select(table('b'), [['a', select(table('events'))], ['b', select(table('a'))]]))).toBeUndefined();
    // a CTE of a subquery is not visible outside it
    expect(refusal(select({ type: 'JOIN', left: subquery(select(table('x'), [['x', select(table('events'))]])), right: table('x') }))?.details).toMatchObject({
      object: 'x',
    });
    // but it is visible in nested queries
    expect(refusal(select(subquery(select(table('x'))), [['x', select(table('events'))]]))).toBeUndefined();
    const recursive = (left: unknown, right: unknown) => ({ type: 'RECURSIVE_CTE_NODE', cte_map: { map: [] }, cte_name: 'r', left, right, modifiers: [] });
    expect(refusal(select(table('r'), [['r', recursive(select(table('events')), select(table('r')))]]))).toBeUndefined();
    expect(refusal(select(table('r'), [['r', recursive(select(table('r')), select(table('events')))]]))?.details).toMatchObject({ object: 'r' });
  });

  it('refuses other table functions, denied or qualified functions and parameters anywhere', () => {
    expect(refusal(select(tableFn('read_csv')))?.details).toMatchObject({ object: 'read_csv' });
    expect(refusal(select(tableFn('range', 'main')))?.details).toMatchObject({ object: 'main.range' });
    expect(refusal(select(table('events'), [], [fn('lower', [fn('current_setting')])]))?.details).toMatchObject({ object: 'current_setting' });
    expect(refusal(select(table('events'), [], [fn('duckdb_tables')]))?.code).toBe('SQL_NOT_ALLOWED');
    expect(refusal(select(table('events'), [], [fn('lower', [], 'main')]))).toBeUndefined();
    expect(refusal(select(table('events'), [], [fn('lower', [], 'main', 'system')]))?.details).toMatchObject({ object: 'system.main.lower' });
    expect(refusal(select(table('events'), [], [{ class: 'PARAMETER', type: 'VALUE_PARAMETER', identifier: '1' }]))?.details).toMatchObject({ object: 'parameter' });
    expect(refusal(select(table('events'), [], [{ class: 'SUBQUERY', subquery: { node: select(table('identity_links')) } }]))?.details).toMatchObject({
      object: 'identity_links',
    });
  });

  it('refuses SHOW of catalog objects and unknown FROM items or query nodes', () => {
    expect(refusal(select({ type: 'SHOW_REF', table_name: '"tables"', query: null }))?.details).toMatchObject({ object: 'tables' });
    expect(refusal(select({ type: 'SHOW_REF', table_name: '', query: select(table('events')) }))).toBeUndefined();
    expect(refusal(select({ type: 'COLUMN_DATA' }))?.details).toEqual({ kind: 'COLUMN_DATA' });
    expect(refusal(subquery({ type: 'STATEMENT_NODE' }))?.details).toEqual({ kind: 'STATEMENT_NODE' });
  });
});
