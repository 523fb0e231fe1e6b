import type { InsightScope } from '../core/insight-scope';
import { type ResolvedRange, scopedEventsSql } from '../core/scoped-events.sql';
import type { SqlParams } from '../core/sql-params';
import type { NormalisedPropertyCatalogQuery } from './property-catalog.validation';

/** The events the catalog describes: the scope, the range if any, the one event if given. */
function eventsInScopeSql(scope: InsightScope, params: SqlParams, query: NormalisedPropertyCatalogQuery, range: ResolvedRange | undefined): string {
  return scopedEventsSql(scope, params, { range, events: query.event === undefined ? undefined : [query.event] });
}

/**
 * The events in scope by name: count, distinct persons (as of the version), first and last
 * timestamp (epoch ms), in the catalog's order.
 */
export function catalogEventsSql(scope: InsightScope, params: SqlParams, query: NormalisedPropertyCatalogQuery, range: ResolvedRange | undefined): string {
  const order = query.order === 'NAME' ? 'name ASC' : 'count DESC, name ASC';
  return `
    SELECT s.event AS name, count(*) AS count, count(DISTINCT s.person_id) AS persons,
           epoch_ms(min(s.ts)) AS first_ms, epoch_ms(max(s.ts)) AS last_ms
    FROM (${eventsInScopeSql(scope, params, query, range)}) s
    GROUP BY s.event
    ORDER BY ${order}`;
}

/** DuckDB's JSON types → the catalog's value types. */
const VALUE_TYPE = `CASE j.type WHEN 'VARCHAR' THEN 'STRING' WHEN 'BOOLEAN' THEN 'BOOLEAN' WHEN 'OBJECT' THEN 'OBJECT'
                         WHEN 'ARRAY' THEN 'ARRAY' WHEN 'NULL' THEN 'NULL' ELSE 'NUMBER' END`;

/**
 * The properties of the events in scope, one pass of `json_each` over the top-level keys:
 * `kv` counts events per (key, value type, text form) — the text form only for strings (their
 * own text), numbers and booleans (their JSON text). Then per key: the count, the types and the
 * top values, for the first `limit` keys in the catalog's order. `total_keys` = how many keys
 * there were before the limit.
 */
export function catalogPropertiesSql(
  scope: InsightScope,
  params: SqlParams,
  query: NormalisedPropertyCatalogQuery,
  range: ResolvedRange | undefined,
): string {
  const order = query.order === 'NAME' ? 'key ASC' : 'count DESC, key ASC';
  const limit = params.addTyped(query.limit, 'BIGINT');
  const topValues = params.addTyped(query.topValues, 'BIGINT');
  return `
    WITH kv AS MATERIALIZED (
      SELECT j.key AS key, ${VALUE_TYPE} AS vtype,
             CASE WHEN j.type = 'VARCHAR' THEN json_extract_string(j.value, '$')
                  WHEN j.type IN ('OBJECT', 'ARRAY', 'NULL') THEN NULL
                  ELSE CAST(j.value AS VARCHAR) END AS txt,
             count(*) AS n
      FROM (${eventsInScopeSql(scope, params, query, range)}) s, json_each(s.properties) j
      WHERE json_type(s.properties) = 'OBJECT'
      GROUP BY ALL
    ),
    keys AS (
      SELECT key, sum(n) AS count, count(*) OVER () AS total_keys
      FROM kv
      GROUP BY key
      ORDER BY ${order}
      LIMIT ${limit}
    ),
    types AS (
      SELECT key, list(struct_pack(t := vtype, c := c) ORDER BY c DESC, vtype ASC) AS types
      FROM (SELECT key, vtype, sum(n) AS c FROM kv WHERE key IN (SELECT key FROM keys) GROUP BY key, vtype)
      GROUP BY key
    ),
    vals AS (
      SELECT key, list(struct_pack(v := txt, c := c) ORDER BY c DESC, txt ASC) AS top_values
      FROM (
        SELECT key, txt, sum(n) AS c, row_number() OVER (PARTITION BY key ORDER BY sum(n) DESC, txt ASC) AS r
        FROM kv
        WHERE txt IS NOT NULL AND key IN (SELECT key FROM keys)
        GROUP BY key, txt
      )
      WHERE r <= ${topValues}
      GROUP BY key
    )
    SELECT keys.key, keys.count, keys.total_keys, types.types, vals.top_values
    FROM keys JOIN types USING (key) LEFT JOIN vals USING (key)
    ORDER BY ${order}`;
}
