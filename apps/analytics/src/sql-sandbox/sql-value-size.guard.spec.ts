import { DomainError } from '@fulcrum/contracts';
import { SANDBOX_VALUE_LIMITS } from './sandbox.limits';
import { assertBoundedValueSizes } from './sql-value-size.guard';

/** Parse-tree fragments in the shape of DuckDB's json_serialize_sql (the keys the check reads). */
const num = (value: number, id = 'INTEGER') => ({ class: 'CONSTANT', type: 'VALUE_CONSTANT', value: { type: { id }, is_null: false, value } });
const str = (value: string) => ({ class: 'CONSTANT', type: 'VALUE_CONSTANT', value: { type: { id: 'VARCHAR' }, is_null: false, value } });
const cast = (child: unknown, id: string) => ({ class: 'CAST', type: 'OPERATOR_CAST', child, cast_type: { id } });
const fn = (function_name: string, ...children: unknown[]) => ({ class: 'FUNCTION', type: 'FUNCTION', function_name, children, query_location: 7 });
const col = (name: string) => ({ class: 'COLUMN_REF', type: 'COLUMN_REF', column_names: [name] });
const select = (...selectList: unknown[]) => ({ type: 'SELECT_NODE', select_list: selectList, from_table: { type: 'EMPTY' } });
const days = (n: number) => fn('to_days', cast(fn('trunc', cast(num(n), 'DOUBLE')), 'INTEGER'));

function outcome(node: unknown): [string, unknown] | undefined {
  try {
    assertBoundedValueSizes(node);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return [error.code, error.details];
    throw error;
  }
}

describe('assertBoundedValueSizes (sizes of built values)', () => {
  const max = SANDBOX_VALUE_LIMITS.maxListElements;

  it('counts the elements of range and generate_series from constant numbers', () => {
    expect(outcome(select(fn('range', num(max))))).toBeUndefined();
    expect(outcome(select(fn('range', num(max + 1))))).toEqual([
      'RESOURCE_EXHAUSTED',
      { resource: 'memory', object: 'range', requested: max + 1, limit: max, unit: 'elements', position: 7 },
    ]);
    expect(outcome(select(fn('generate_series', num(1), num(max))))).toBeUndefined();
    expect(outcome(select(fn('generate_series', num(0), num(max))))).toMatchObject(['RESOURCE_EXHAUSTED', { requested: max + 1 }]);
    // Steps, negative steps, a step the wrong way, arithmetic and decimals.
    expect(outcome(select(fn('range', num(0), num(3 * max), num(3))))).toBeUndefined();
    expect(outcome(select(fn('range', num(max), num(-max), num(-1))))).toMatchObject(['RESOURCE_EXHAUSTED', { requested: 2 * max }]);
    expect(outcome(select(fn('range', num(0), num(1e12), num(-1))))).toBeUndefined();
    expect(outcome(select(fn('range', fn('*', num(1000), num(1000)))))).toMatchObject(['RESOURCE_EXHAUSTED', { requested: 1_000_000 }]);
    expect(outcome(select(fn('range', { ...num(15), value: { type: { id: 'DECIMAL', type_info: { scale: 1 } }, is_null: false, value: 15 } }))))
      .toBeUndefined();
  });

  it('counts timestamp ranges with the shortest length of their step (a day may have 23 hours)', () => {
    const ts = (s: string) => cast(str(s), 'TIMESTAMP');
    expect(outcome(select(fn('range', ts('2026-01-01'), ts('2026-12-31'), days(1))))).toBeUndefined();
    expect(outcome(select(fn('range', ts('2000-01-01'), ts('2100-01-01'), days(1))))).toMatchObject(['RESOURCE_EXHAUSTED', { object: 'range' }]);
    expect(outcome(select(fn('range', ts('2026-01-01'), ts('2026-01-02'), cast(str('1 minute'), 'INTERVAL'))))).toBeUndefined();
    expect(outcome(select(fn('range', ts('2026-01-01'), ts('2026-02-01'), cast(str('00:00:01'), 'INTERVAL'))))).toMatchObject(['RESOURCE_EXHAUSTED', {}]);
    expect(outcome(select(fn('range', fn('-', fn('now'), days(30)), fn('now'), days(1))))).toBeUndefined();
    expect(outcome(select(fn('range', ts('2026-01-01'), cast(str('infinity'), 'TIMESTAMP'), days(1))))).toMatchObject(['RESOURCE_EXHAUSTED', {}]);
  });

  it('refuses sizes that are not constants, and leaves table functions in FROM alone', () => {
    expect(outcome(select(fn('range', col('n'))))).toEqual(['SQL_NOT_ALLOWED', { object: 'range', position: 7 }]);
    expect(outcome(select(fn('repeat', col('s'), num(2))))).toEqual(['SQL_NOT_ALLOWED', { object: 'repeat', position: 7 }]);
    expect(outcome(select(fn('lpad', str('x'), col('n'), str(' '))))).toMatchObject(['SQL_NOT_ALLOWED', { object: 'lpad' }]);
    expect(outcome({ type: 'SELECT_NODE', select_list: [], from_table: { type: 'TABLE_FUNCTION', function: fn('range', num(1e12)) } })).toBeUndefined();
    const unnestOfList = { type: 'SELECT_NODE', select_list: [], from_table: { type: 'TABLE_FUNCTION', function: fn('unnest', fn('range', num(1e8))) } };
    expect(outcome(unnestOfList)).toMatchObject(['RESOURCE_EXHAUSTED', { object: 'range' }]);
  });

  it('bounds strings, lists and bitstrings built by repeat, pads, list_resize, bitstring', () => {
    expect(outcome(select(fn('repeat', str('ab'), num(50_000))))).toBeUndefined();
    expect(outcome(select(fn('repeat', str('ab'), num(50_001))))).toMatchObject(['RESOURCE_EXHAUSTED', { unit: 'bytes', requested: 100_002 }]);
    expect(outcome(select(fn('repeat', fn('list_value', num(1), num(2)), num(5001))))).toMatchObject(['RESOURCE_EXHAUSTED', { unit: 'elements', requested: 10_002 }]);
    expect(outcome(select(fn('rpad', str('x'), num(100_001), str('y'))))).toMatchObject(['RESOURCE_EXHAUSTED', { object: 'rpad' }]);
    expect(outcome(select(fn('list_resize', col('l'), num(10), str('xx'))))).toBeUndefined();
    expect(outcome(select(fn('list_resize', col('l'), num(10_000), str('x'.repeat(11)))))).toMatchObject(['RESOURCE_EXHAUSTED', { unit: 'bytes' }]);
    expect(outcome(select(fn('list_resize', col('l'), num(10), col('v'))))).toMatchObject(['SQL_NOT_ALLOWED', {}]);
    expect(outcome(select(fn('bitstring', str('1'), num(800_001))))).toMatchObject(['RESOURCE_EXHAUSTED', { unit: 'bits' }]);
  });

  it('reads the widths written in printf and format texts', () => {
    expect(outcome(select(fn('printf', str('%05.1f|%-4s|%%|%2$s'), num(1), str('x'))))).toBeUndefined();
    expect(outcome(select(fn('printf', str('%02000000000d'), num(1))))).toMatchObject(['RESOURCE_EXHAUSTED', { object: 'printf', requested: 2_000_000_000 }]);
    expect(outcome(select(fn('printf', str('%*d'), num(5), num(1))))).toMatchObject(['SQL_NOT_ALLOWED', { object: 'printf' }]);
    expect(outcome(select(fn('format', str('{:>8}|{{:>999999999}}|{0}'), str('x'))))).toBeUndefined();
    expect(outcome(select(fn('format', str('{:.1000000f}'), num(1))))).toMatchObject(['RESOURCE_EXHAUSTED', { object: 'format' }]);
    expect(outcome(select(fn('format', str('{:>{}}'), str('x'), num(5))))).toMatchObject(['SQL_NOT_ALLOWED', { object: 'format' }]);
    expect(outcome(select(fn('format', col('f'), num(1))))).toMatchObject(['SQL_NOT_ALLOWED', { object: 'format' }]);
  });
});
