import { DomainError, type FilterScalar, type PropertyFilter } from '@fulcrum/contracts';
import { topLevelKeyPath } from './json-path';
import type { SqlParams } from './sql-params';

/**
 * Property filters → one SQL boolean over a JSON value. The semantics (docs/metrics.md "Filters")
 * are mirrored by the reference implementation in the test tree:
 * - text form of a value: a JSON string's own text, else its JSON text (`3`, `true`, `{"a":1}`);
 * - `eq` string: text form equal; `eq` number: numeric equality (a numeric string counts);
 *   `eq` boolean: a JSON boolean with that value; `neq` = not `eq` (a missing property matches);
 * - `in`: `eq` for any of the values; `contains`: case-insensitive substring of the text form;
 * - `gt`/`lt`: numeric comparison, never true for missing or non-numeric values;
 * - `is_set`: present and not JSON null; `is_not_set`: the opposite.
 */
export function jsonValuePredicate(valueSql: string, filter: PropertyFilter, params: SqlParams): string {
  const present = `(${valueSql} IS NOT NULL AND json_type(${valueSql}) <> 'NULL')`;
  const text = `(CASE WHEN json_type(${valueSql}) = 'VARCHAR' THEN json_extract_string(${valueSql}, '$') ELSE CAST(${valueSql} AS VARCHAR) END)`;
  const number = `TRY_CAST(${text} AS DOUBLE)`;
  const eq = (v: FilterScalar): string => {
    if (typeof v === 'string') return `(${present} AND ${text} = ${params.addTyped(v, 'VARCHAR')})`;
    if (typeof v === 'number') return `(${present} AND ${number} = ${params.addTyped(v, 'DOUBLE')})`;
    return `(${present} AND json_type(${valueSql}) = 'BOOLEAN' AND ${text} = ${params.addTyped(v ? 'true' : 'false', 'VARCHAR')})`;
  };
  const value = filter.value;
  switch (filter.operator) {
    case 'is_set':
      return present;
    case 'is_not_set':
      return `(NOT ${present})`;
    case 'eq':
      return eq(scalarValue(filter, value));
    case 'neq':
      return `(NOT coalesce(${eq(scalarValue(filter, value))}, false))`;
    case 'in': {
      const values = Array.isArray(value) ? value : [scalarValue(filter, value)];
      return `(${values.map(eq).join(' OR ')})`;
    }
    case 'contains': {
      const v = scalarValue(filter, value);
      if (typeof v !== 'string') throw invalidFilter(filter, 'contains needs a string value');
      return `(${present} AND contains(lower(${text}), lower(${params.addTyped(v, 'VARCHAR')})))`;
    }
    case 'gt':
    case 'lt': {
      const v = scalarValue(filter, value);
      if (typeof v !== 'number') throw invalidFilter(filter, `${filter.operator} needs a number value`);
      return `(${present} AND ${number} ${filter.operator === 'gt' ? '>' : '<'} ${params.addTyped(v, 'DOUBLE')})`;
    }
    default:
      throw invalidFilter(filter, `unknown operator ${String(filter.operator)}`);
  }
}

/** The JSON value of a top-level key of a JSON column (NULL when absent). */
export function propertyValueSql(propertiesSql: string, key: string, params: SqlParams): string {
  return `json_extract(${propertiesSql}, ${params.addTyped(topLevelKeyPath(key), 'VARCHAR')})`;
}

/** Checks the shape rules JSON Schema cannot express (value required, array only for `in`). */
export function assertValidFilters(filters: readonly PropertyFilter[], field: string): void {
  filters.forEach((f, i) => {
    const at = `${field}[${i}]`;
    const needsValue = f.operator !== 'is_set' && f.operator !== 'is_not_set';
    if (!needsValue && f.value !== undefined) throw new DomainError('VALIDATION_FAILED', `${at}: ${f.operator} takes no value.`, { field: at });
    if (needsValue && f.value === undefined) throw new DomainError('VALIDATION_FAILED', `${at}: ${f.operator} needs a value.`, { field: at });
    if (Array.isArray(f.value) && f.operator !== 'in') {
      throw new DomainError('VALIDATION_FAILED', `${at}: only the in operator takes a list of values.`, { field: at });
    }
    if ((f.operator === 'gt' || f.operator === 'lt') && typeof f.value !== 'number') {
      throw new DomainError('VALIDATION_FAILED', `${at}: ${f.operator} needs a number value.`, { field: at });
    }
    if (f.operator === 'contains' && typeof f.value !== 'string') {
      throw new DomainError('VALIDATION_FAILED', `${at}: contains needs a string value.`, { field: at });
    }
  });
}

function scalarValue(filter: PropertyFilter, value: PropertyFilter['value']): FilterScalar {
  if (value === undefined || Array.isArray(value)) throw invalidFilter(filter, `${filter.operator} needs one value`);
  return value;
}

function invalidFilter(filter: PropertyFilter, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `Filter on ${JSON.stringify(filter.property)}: ${message}.`, { property: filter.property });
}
