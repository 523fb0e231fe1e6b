import type { InsightScope } from './insight-scope';
import type { SqlParams } from './sql-params';

/**
 * The person an event belongs to as of the scope's data version. Every event stores its own
 * distinct id (`user_id`, else `anonymous_id`) and, once an identity link covers that id, the
 * link's person and stream position. A link with a position above the version is not known yet,
 * so the event still counts under its own distinct id: "as of V" is a column comparison, not a
 * join and not a copy.
 */
export function personIdSql(scope: InsightScope, params: SqlParams, alias = 'e'): string {
  const version = params.addTyped(scope.dataVersion, 'UBIGINT');
  return `(CASE WHEN ${alias}.person_link_seq <= ${version} THEN ${alias}.person_id ELSE ${alias}.distinct_id END)`;
}

/**
 * The same person, for a distinct id that is no longer on its event row (after a reduction such as
 * `SELECT DISTINCT bucket, distinct_id`): a LEFT JOIN of `identity_links` as of the version, and
 * the person expression over it. A distinct id's event rows carry exactly its link's person and
 * position (set from `identity_links` when the event or the link is stored; links never change),
 * so both forms give the same person. Distinct counts over many events are cheaper this way: the
 * wide string DISTINCT runs on the raw distinct id, and the link lookup on the reduced rows only.
 */
export function personOfDistinctIdSql(
  scope: InsightScope,
  params: SqlParams,
  distinctIdSql: string,
  linkAlias = 'l',
): { join: string; person: string } {
  const project = params.addTyped(scope.projectId, 'VARCHAR');
  const version = params.addTyped(scope.dataVersion, 'UBIGINT');
  return {
    join: `LEFT JOIN identity_links ${linkAlias} ON ${linkAlias}.project_id = ${project} AND ${linkAlias}.distinct_id = ${distinctIdSql} AND ${linkAlias}.stream_seq <= ${version}`,
    person: `coalesce(${linkAlias}.person_id, ${distinctIdSql})`,
  };
}
