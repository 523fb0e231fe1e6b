import type { PathEdgeDto, PathsQuery, PathsResultDto } from '@fulcrum/contracts';
import { assertTimeZone, resolveDateRange } from '../core/date-range.resolver';
import type { InsightScope } from '../core/insight-scope';
import { SqlParams } from '../core/sql-params';
import type { SqlRunner } from '../core/sql-runner';
import { pathsSql } from './paths.sql';
import { normalisePathsQuery } from './paths.validation';

/**
 * The paths insight (docs/metrics.md "Paths"): from every occurrence of the anchor event, the next
 * (or previous) `depth` events of the same session, as a tree of edges counted in anchor
 * occurrences and distinct persons, cut to the top `fanout` targets per node. Throws
 * VALIDATION_FAILED on a bad query.
 */
export async function runPaths(runner: SqlRunner, scope: InsightScope, query: PathsQuery): Promise<PathsResultDto> {
  const q = normalisePathsQuery(query);
  await assertTimeZone(runner, scope.timeZone);
  const range = await resolveDateRange(runner, q.dateRange, scope.timeZone, 'query.dateRange');
  const params = new SqlParams();
  const rows = await runner.rows(pathsSql(scope, params, q, range), params.values);
  const [head, ...rest] = rows;
  if (!head || Number(head['d']) !== 0) throw new Error('paths: the anchor row is missing');
  const edges: PathEdgeDto[] = rest.map((r) => {
    const node = (r['node'] as string[]).map(String);
    return {
      depth: Number(r['d']),
      source: [q.event, ...node.slice(0, -1)],
      target: node[node.length - 1] as string,
      paths: Number(r['paths']),
      persons: Number(r['persons']),
    };
  });
  return {
    anchor: { event: q.event, paths: Number(head['paths']), persons: Number(head['persons']) },
    edges,
    truncated: head['truncated'] === true,
  };
}
