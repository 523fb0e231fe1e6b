import { INSIGHT_LIMITS, type StickinessQuery, type StickinessResultDto } from '@fulcrum/contracts';
import { assertTimeZone, resolveDateRange } from '../core/date-range.resolver';
import type { InsightScope } from '../core/insight-scope';
import type { SqlRunner } from '../core/sql-runner';
import { bucketKeys } from '../core/bucket-key.sql';
import { loadCalendarBuckets } from '../core/calendar-buckets.sql';
import { assertValidStickinessQuery } from './stickiness-query.validator';
import { assembleStickiness } from './stickiness-result.assembler';
import { stickinessSql } from './stickiness-sql.builder';

/**
 * Stickiness insight (docs/metrics.md "Stickiness"): persons by the number of calendar intervals of
 * the range in which they did the event, optionally broken down by an event property. One SQL
 * statement in the caller's read snapshot.
 */
export async function runStickiness(runner: SqlRunner, scope: InsightScope, query: StickinessQuery): Promise<StickinessResultDto> {
  assertValidStickinessQuery(query);
  await assertTimeZone(runner, scope.timeZone);
  const range = await resolveDateRange(runner, query.dateRange, scope.timeZone, 'query.dateRange');
  // Refuses (VALIDATION_FAILED) a range of more than INSIGHT_LIMITS.maxBuckets intervals; loads the zone's
  // UTC offsets over the range (wall-clock times are integer arithmetic on them).
  const buckets = await loadCalendarBuckets(runner, scope.timeZone, range, query.interval);
  const keys = bucketKeys(query.interval, buckets.labels, buckets.offsets);
  const breakdown = query.breakdown ? { property: query.breakdown.property, limit: query.breakdown.limit ?? INSIGHT_LIMITS.defaultBreakdownLimit } : null;
  const { sql, params } = stickinessSql({ scope, query, range, keys, breakdown });
  return assembleStickiness(await runner.rows(sql, params), buckets.labels.length, breakdown);
}
