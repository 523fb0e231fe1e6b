import type { InsightScope } from '../insights/core/insight-scope';
import { personIdSql } from '../insights/core/person-id.sql';
import type { SqlParams } from '../insights/core/sql-params';

/** The columns of the two views a sandboxed query sees, with their DuckDB types (docs/sql-sandbox.md). */
export const EVENTS_VIEW_COLUMNS = [
  ['id', 'VARCHAR'],
  ['event', 'VARCHAR'],
  ['type', 'VARCHAR'],
  ['person_id', 'VARCHAR'],
  ['distinct_id', 'VARCHAR'],
  ['user_id', 'VARCHAR'],
  ['anonymous_id', 'VARCHAR'],
  ['timestamp', 'TIMESTAMPTZ'],
  ['received_at', 'TIMESTAMPTZ'],
  ['properties', 'JSON'],
  ['context', 'JSON'],
] as const;

export const PERSONS_VIEW_COLUMNS = [
  ['person_id', 'VARCHAR'],
  ['distinct_ids', 'VARCHAR[]'],
  ['first_seen', 'TIMESTAMPTZ'],
  ['last_seen', 'TIMESTAMPTZ'],
  ['event_count', 'BIGINT'],
  ['properties', 'JSON'],
] as const;

/**
 * The two views as CTE definitions (`events AS (...), persons AS (...)`) over one project as of
 * one data version, both bound as parameters. They read the stored table by its qualified name
 * `main.events` (a qualified name never resolves to a CTE), and `persons` reads the `events` CTE.
 * `events` is NOT MATERIALIZED: each reference is inlined, so DuckDB pushes projections and filters
 * into each scan instead of materialising every column of every event once it is used twice.
 *
 * `persons`: one row per person (as of the version) with at least one event: the distinct ids
 * seen on its events (sorted), first and last event timestamp, event count, and its properties
 * merged with the rules of person filters (core/person-properties.sql.ts): over the person's
 * events in (timestamp, id) order, the last `$set` of a key wins, else the first `$set_once`; an
 * `$identify` event with neither `$set` nor `$set_once` object sets every property it carries.
 * Keys are listed in ascending order; a person without properties has `{}`.
 */
export function sandboxViewsSql(scope: Pick<InsightScope, 'projectId' | 'dataVersion'>, params: SqlParams): string {
  const person = personIdSql({ ...scope, timeZone: 'UTC' }, params, 'e');
  const project = params.addTyped(scope.projectId, 'VARCHAR');
  const version = params.addTyped(scope.dataVersion, 'UBIGINT');
  const order = `struct_pack(t := c.ts, i := c.id)`;
  return `events AS NOT MATERIALIZED (
  SELECT e.id, e.event, e.type, ${person} AS person_id, e.distinct_id, e.user_id, e.anonymous_id,
         e.timestamp, e.received_at, e.properties, e.context
  FROM main.events e
  WHERE e.project_id = ${project} AND e.stream_seq <= ${version}
), persons AS (
  SELECT p.person_id, p.distinct_ids, p.first_seen, p.last_seen, p.event_count,
         coalesce(pp.properties, CAST('{}' AS JSON)) AS properties
  FROM (
    SELECT person_id, list(DISTINCT distinct_id ORDER BY distinct_id) AS distinct_ids,
           min(timestamp) AS first_seen, max(timestamp) AS last_seen, count(*) AS event_count
    FROM events
    GROUP BY person_id
  ) p
  LEFT JOIN (
    SELECT person_id, CAST('{' || string_agg(to_json(key) || ':' || CAST(value AS VARCHAR), ',' ORDER BY key) || '}' AS JSON) AS properties
    FROM (
      SELECT c.person_id, c.kv.k AS key,
             coalesce(arg_max(c.kv.s, ${order}) FILTER (WHERE c.kv.s IS NOT NULL),
                      arg_min(c.kv.o, ${order}) FILTER (WHERE c.kv.o IS NOT NULL)) AS value
      FROM (
        -- One row per (event, key) in one pass: the keys its $set sets (or, for an $identify
        -- without $set or $set_once objects, every property), then the keys its $set_once sets.
        -- A map cast reads a JSON null member as SQL NULL: it is put back as JSON null.
        SELECT person_id, ts, id,
               unnest(list_concat(
                 list_transform(map_entries(CAST(CASE WHEN set_type = 'OBJECT' THEN json_extract(properties, '$."$set"')
                                                      WHEN event = '$identify' AND once_type IS DISTINCT FROM 'OBJECT' THEN properties
                                                 END AS MAP(VARCHAR, JSON))),
                                x -> struct_pack(k := x.key, s := coalesce(x.value, CAST('null' AS JSON)), o := CAST(NULL AS JSON))),
                 list_transform(map_entries(CAST(CASE WHEN once_type = 'OBJECT' THEN json_extract(properties, '$."$set_once"') END AS MAP(VARCHAR, JSON))),
                                x -> struct_pack(k := x.key, s := CAST(NULL AS JSON), o := coalesce(x.value, CAST('null' AS JSON))))
               )) AS kv
        FROM (
          SELECT person_id, timestamp AS ts, id, event, properties,
                 json_type(properties, '$."$set"') AS set_type, json_type(properties, '$."$set_once"') AS once_type
          FROM events
          WHERE event = '$identify' OR contains(CAST(properties AS VARCHAR), '"$set')
        )
      ) c
      GROUP BY c.person_id, c.kv.k
    )
    GROUP BY person_id
  ) pp ON pp.person_id = p.person_id
)`;
}

/**
 * Stand-ins for the two views with the same columns and types but no table behind them (constant,
 * empty): the user's query is bound against these to check which tables and functions it reaches.
 */
export function sandboxStandInViewsSql(): string {
  const view = (cols: ReadonlyArray<readonly [string, string]>) =>
    `SELECT ${cols.map(([name, type]) => `CAST(NULL AS ${type}) AS ${name}`).join(', ')} WHERE false`;
  return `events AS (${view(EVENTS_VIEW_COLUMNS)}), persons AS (${view(PERSONS_VIEW_COLUMNS)})`;
}

/**
 * The executed statement: the views, then the user's query as a subquery on its own lines (a
 * trailing `--` comment cannot swallow the closing parenthesis), then the row limit.
 */
export function wrapUserQuery(viewsSql: string, body: string, limitSql: string): { sql: string; bodyOffset: number } {
  const prefix = `WITH ${viewsSql}\nSELECT * FROM (\n`;
  return { sql: `${prefix}${body}\n) AS q LIMIT ${limitSql}`, bodyOffset: prefix.length };
}
