import { INSIGHT_LIMITS, type RetentionQuery, type RetentionResultDto } from '@fulcrum/contracts';
import { assertTimeZone, resolveDateRange } from '../core/date-range.resolver';
import type { InsightScope } from '../core/insight-scope';
import type { SqlRunner } from '../core/sql-runner';
import { loadCalendarBuckets } from '../core/calendar-buckets.sql';
import { bucketKeys } from '../core/bucket-key.sql';
import { assertValidRetentionQuery } from './retention-query.validator';
import { assembleRetention } from './retention-result.assembler';
import { retentionSql } from './retention-sql.builder';

/**
 * Retention insight (docs/metrics.md "Retention"): cohorts by the local calendar period of a start
 * event, and per cohort the persons who did a return event 1, 2, ... periods later, optionally
 * broken down by a property of the start event. One SQL statement in the caller's read snapshot.
 */
export async function runRetention(runner: SqlRunner, scope: InsightScope, query: RetentionQuery): Promise<RetentionResultDto> {
  const q = assertValidRetentionQuery(query);
  await assertTimeZone(runner, scope.timeZone);
  const range = await resolveDateRange(runner, q.dateRange, scope.timeZone, 'query.dateRange');
  // Refuses (VALIDATION_FAILED) a range of more than INSIGHT_LIMITS.maxBuckets cohort periods; loads the
  // zone's UTC offsets over the range (wall-clock times are integer arithmetic on them).
  const buckets = await loadCalendarBuckets(runner, scope.timeZone, range, q.period);
  const keys = bucketKeys(q.period, buckets.labels, buckets.offsets);
  if (keys.lastKey !== buckets.labels.length - 1) throw new Error(`retention: ${q.period} periods of the range are not contiguous`);
  const breakdown = q.breakdown ? { property: q.breakdown.property, limit: q.breakdown.limit ?? INSIGHT_LIMITS.defaultBreakdownLimit } : null;
  const { sql, params } = retentionSql({ scope, query: q, range, keys, breakdown });
  const rows = await runner.rows(sql, params);
  return assembleRetention(rows, buckets.labels, q.periods, q.mode, breakdown);
}
