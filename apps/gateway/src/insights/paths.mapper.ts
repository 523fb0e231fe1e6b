import type { PathsQuery, PathsReply } from '@fulcrum/contracts';
import { toDateRange, toEnvelope, toPropertyFilters } from './insight-common.mapper';
import type { PathsInput } from './paths.input';
import type { PathsResult } from './paths.model';
import type { WithoutNulls } from './strip-nulls';

/** `at` prefixes the field names of validation errors (e.g. `insight.paths.` inside saveAnalysis). */
export function toPathsQuery(input: WithoutNulls<PathsInput>, at = ''): PathsQuery {
  return {
    event: input.event,
    ...(input.anchorFilters && { anchorFilters: toPropertyFilters(input.anchorFilters, `${at}anchorFilters`) }),
    ...(input.direction && { direction: input.direction }),
    depth: input.depth,
    ...(input.sessionGapMinutes !== undefined && { sessionGapMinutes: input.sessionGapMinutes }),
    dateRange: toDateRange(input),
    ...(input.filters && { filters: toPropertyFilters(input.filters, `${at}filters`) }),
    ...(input.excludeEvents && { excludeEvents: input.excludeEvents }),
    ...(input.fanout !== undefined && { fanout: input.fanout }),
  };
}

export function toPathsResult(r: PathsReply): PathsResult {
  return {
    ...toEnvelope(r),
    anchor: { event: r.anchor.event, paths: r.anchor.paths, persons: r.anchor.persons },
    edges: r.edges.map((e) => ({ depth: e.depth, source: e.source, target: e.target, paths: e.paths, persons: e.persons })),
    truncated: r.truncated,
  };
}
