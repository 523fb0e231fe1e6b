import type { LifecycleBucketDto, LifecycleQuery, LifecycleResultDto } from '@fulcrum/contracts';
import { assertTimeZone, resolveDateRange } from '../core/date-range.resolver';
import type { InsightScope } from '../core/insight-scope';
import type { SqlRunner } from '../core/sql-runner';
import { loadCalendarBuckets } from '../core/calendar-buckets.sql';
import { assertValidLifecycleQuery } from './lifecycle-query.validator';
import { lifecycleSql } from './lifecycle.sql';

/**
 * Lifecycle insight (docs/metrics.md "Lifecycle"): per calendar bucket of the range, the persons
 * who did the event split into new / returning / resurrecting, and those who went dormant.
 */
export async function runLifecycle(runner: SqlRunner, scope: InsightScope, query: LifecycleQuery): Promise<LifecycleResultDto> {
  assertValidLifecycleQuery(query);
  await assertTimeZone(runner, scope.timeZone);
  const range = await resolveDateRange(runner, query.dateRange, scope.timeZone, 'query.dateRange');
  const buckets = await loadCalendarBuckets(runner, scope.timeZone, range, query.interval);
  const { sql, params } = lifecycleSql(scope, query, range, buckets);
  const byBucket = new Map<string, LifecycleBucketDto>(
    buckets.labels.map((bucket) => [bucket, { bucket, new: 0, returning: 0, resurrecting: 0, dormant: 0 }]),
  );
  for (const row of await runner.rows(sql, params)) {
    const b = byBucket.get(String(row['bucket']));
    if (!b) throw new Error(`lifecycle: row for ${String(row['bucket'])}, not a bucket of the range`);
    b.new += Number(row['n_new']);
    b.returning += Number(row['n_returning']);
    b.resurrecting += Number(row['n_resurrecting']);
    b.dormant -= Number(row['n_dormant']);
  }
  return { buckets: buckets.labels.map((label) => normalise(byBucket.get(label) as LifecycleBucketDto)) };
}

/** `-0` → `0` (a bucket with no dormant persons). */
function normalise(b: LifecycleBucketDto): LifecycleBucketDto {
  return { ...b, dormant: b.dormant === 0 ? 0 : b.dormant };
}
