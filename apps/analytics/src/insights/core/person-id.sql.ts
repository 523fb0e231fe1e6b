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
