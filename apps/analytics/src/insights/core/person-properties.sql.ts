import type { PropertyFilter } from '@fulcrum/contracts';
import { topLevelKeyPath } from './json-path';
import type { InsightScope } from './insight-scope';
import { personIdSql } from './person-id.sql';
import { jsonValuePredicate } from './property-filter.sql';
import type { SqlParams } from './sql-params';

/**
 * Person properties as of the data version, computed from the events themselves (so they are as
 * reproducible as the events): over the person's events in (timestamp, id) order, `$set` keys
 * overwrite, `$set_once` keys are kept only if the key was never set, and an `$identify` event
 * without `$set`/`$set_once` (Segment `identify` traits) sets every property it carries.
 *
 * Returns a query with columns `person_id`, `value` (JSON) for one key, one row per person that
 * has the key.
 */
export function personPropertyValuesSql(scope: InsightScope, params: SqlParams, key: string): string {
  const keyPath = params.addTyped(topLevelKeyPath(key), 'VARCHAR');
  const setPath = params.addTyped(`$."$set".${JSON.stringify(key)}`, 'VARCHAR');
  const oncePath = params.addTyped(`$."$set_once".${JSON.stringify(key)}`, 'VARCHAR');
  const project = params.addTyped(scope.projectId, 'VARCHAR');
  const version = params.addTyped(scope.dataVersion, 'UBIGINT');
  const person = personIdSql(scope, params, 'e');
  return `
    SELECT person_id,
           coalesce(arg_max(set_v, struct_pack(t := ts, i := id)) FILTER (WHERE set_v IS NOT NULL),
                    arg_min(once_v, struct_pack(t := ts, i := id)) FILTER (WHERE once_v IS NOT NULL)) AS value
    FROM (
      SELECT ${person} AS person_id, e.timestamp AS ts, e.id,
             CASE WHEN json_type(e.properties, '$."$set"') = 'OBJECT' THEN json_extract(e.properties, ${setPath})
                  WHEN e.event = '$identify' AND json_type(e.properties, '$."$set_once"') IS DISTINCT FROM 'OBJECT'
                    THEN json_extract(e.properties, ${keyPath})
             END AS set_v,
             CASE WHEN json_type(e.properties, '$."$set_once"') = 'OBJECT' THEN json_extract(e.properties, ${oncePath}) END AS once_v
      FROM events e
      WHERE e.project_id = ${project} AND e.stream_seq <= ${version}
        AND (e.event = '$identify' OR contains(CAST(e.properties AS VARCHAR), '"$set'))
    )
    WHERE set_v IS NOT NULL OR once_v IS NOT NULL
    GROUP BY person_id`;
}

/**
 * A person filter as a predicate on a person id expression. Persons without the property have no
 * row, so operators that match "not set" (`neq`, `is_not_set`) are written as "not among the
 * persons whose value fails", the others as "among the persons whose value passes".
 */
export function personFilterPredicate(scope: InsightScope, params: SqlParams, filter: PropertyFilter, personSql: string): string {
  const values = personPropertyValuesSql(scope, params, filter.property);
  const matchesMissing = filter.operator === 'neq' || filter.operator === 'is_not_set';
  const predicate = jsonValuePredicate('pv.value', filter, params);
  return matchesMissing
    ? `(${personSql} NOT IN (SELECT pv.person_id FROM (${values}) pv WHERE NOT (${predicate})))`
    : `(${personSql} IN (SELECT pv.person_id FROM (${values}) pv WHERE ${predicate}))`;
}
