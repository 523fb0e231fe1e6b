import type { InsightScope } from '../core/insight-scope';
import { personIdSql } from '../core/person-id.sql';
import { propertyValueSql } from '../core/property-filter.sql';
import { type ResolvedRange, filtersPredicate } from '../core/scoped-events.sql';
import type { SqlParams } from '../core/sql-params';
import type { FunnelPlan } from './funnel-query.validator';

/**
 * The events a funnel reads, one row per event, with the columns every funnel mode uses:
 * `person_id` (as of the data version), `t` (epoch microseconds), `id`, `m0..m{n-1}` (the event
 * matches step j: name, step filters), `msk` (the same as a bit mask), `x0..` (matches exclusion i)
 * and, with a breakdown, `bv` (the property's text form, NULL when not set).
 *
 * Every row is in the scope (project, stream position ≤ the version), in the range and passes the
 * query's filters. Without `allEvents` (every mode but STRICT) only rows matching a step or an
 * exclusion are kept.
 *
 * The name list is written `(e.event IN (...)) = true`: DuckDB then pushes it into the table scan
 * as an expression filter, so the other columns are decoded only for the matching rows (a bare
 * `IN` list becomes an optional zone-map filter and every row of the range is decoded first:
 * about 1.5× slower on 10M events, see docs/metrics.md "Performance").
 *
 * The SQL is built once (parameters bound once); `sql(extraWhere)` may be called several times
 * with the same placeholders (the exact fallback re-reads some persons' rows).
 */
export interface FunnelScan {
  sql(extraWhere?: (personSql: string) => string[]): string;
  /** The person expression over alias `e` (for callers' extra conditions). */
  personSql: string;
}

export function funnelScan(scope: InsightScope, params: SqlParams, plan: FunnelPlan, range: ResolvedRange, options: { allEvents: boolean; breakdown: boolean }): FunnelScan {
  const person = personIdSql(scope, params, 'e');
  const where = [
    `e.project_id = ${params.addTyped(scope.projectId, 'VARCHAR')}`,
    `e.stream_seq <= ${params.addTyped(scope.dataVersion, 'UBIGINT')}`,
    `e.timestamp >= ${params.addTyped(range.from, 'TIMESTAMPTZ')}`,
    `e.timestamp < ${params.addTyped(range.to, 'TIMESTAMPTZ')}`,
  ];
  const nameParam = new Map<string, string>();
  const name = (event: string): string => {
    let p = nameParam.get(event);
    if (p === undefined) {
      p = params.addTyped(event, 'VARCHAR');
      nameParam.set(event, p);
    }
    return p;
  };
  const stepMatch = plan.steps.map((s) => matchSql(scope, params, s.event, s.filters, name, person));
  const exclusionMatch = plan.exclusions.map((x) => matchSql(scope, params, x.event, x.filters, name, person));
  if (!options.allEvents) where.push(`(e.event IN (${[...nameParam.values()].join(', ')})) = true`);
  if (plan.filters.length > 0) where.push(filtersPredicate(scope, params, plan.filters, 'e', person));

  const columns = [
    `${person} AS person_id`,
    'epoch_us(e.timestamp) AS t',
    'e.id AS id',
    ...stepMatch.map((m, j) => `${m} AS m${j}`),
    ...exclusionMatch.map((m, i) => `${m} AS x${i}`),
  ];
  if (options.breakdown && plan.breakdown) columns.push(`${breakdownTextSql(propertyValueSql('e.properties', plan.breakdown.property, params))} AS bv`);
  const mask = plan.steps.map((_, j) => `(CASE WHEN m${j} THEN ${2 ** j} ELSE 0 END)`).join(' + ');
  // Rows of a listed name that match no step or exclusion (their filters fail) are dropped; without
  // such filters every listed row matches one, and the extra filter would only cost time.
  const hasMatchFilters = [...plan.steps, ...plan.exclusions].some((s) => s.filters.length > 0);
  const keep = options.allEvents || !hasMatchFilters ? 'true' : [...plan.steps.map((_, j) => `m${j}`), ...plan.exclusions.map((_, i) => `x${i}`)].join(' OR ');
  const base = where.join('\n        AND ');

  return {
    personSql: person,
    sql(extraWhere) {
      const extra = extraWhere ? extraWhere(person) : [];
      return `
      SELECT *, CAST(${mask} AS INTEGER) AS msk FROM (
        SELECT ${columns.join(', ')}
        FROM events e
        WHERE ${[base, ...extra].join('\n        AND ')}
      )${keep === 'true' ? '' : ` WHERE ${keep}`}`;
    },
  };
}

function matchSql(
  scope: InsightScope,
  params: SqlParams,
  event: string,
  filters: FunnelPlan['filters'],
  name: (event: string) => string,
  person: string,
): string {
  const named = `e.event = ${name(event)}`;
  if (filters.length === 0) return `(${named})`;
  return `coalesce(${named} AND ${filtersPredicate(scope, params, filters, 'e', person)}, false)`;
}

/**
 * Breakdown text form of a JSON value: a string's own text, else its JSON text (`3`, `true`,
 * `{"a":1}`); NULL when the key is absent or JSON null (both "not set").
 */
export function breakdownTextSql(jsonSql: string): string {
  return `(CASE WHEN ${jsonSql} IS NULL OR json_type(${jsonSql}) = 'NULL' THEN NULL
                WHEN json_type(${jsonSql}) = 'VARCHAR' THEN json_extract_string(${jsonSql}, '$')
                ELSE CAST(${jsonSql} AS VARCHAR) END)`;
}
