/**
 * Brute-force reference of the lifecycle insight, in plain TypeScript, written from the definitions
 * in docs/metrics.md "Lifecycle" (not from the engine's SQL): the active persons of every bucket
 * are collected as sets, and each state is a set comparison.
 */
import type { LifecycleBucketDto, LifecycleQuery, LifecycleResultDto } from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';
import { asOf, bucketOf, matchesFilters, normalise, personOf, personProperties } from './common.reference';
import { bucketAt, refBuckets, refRange } from './trend.reference';

export function referenceLifecycle(input: readonly TestEvent[], query: LifecycleQuery, version: number, timeZone: string): LifecycleResultDto {
  const events = normalise(input);
  const known = asOf(events, version);
  const props = personProperties(events, version);
  const { from, to } = refRange(query.dateRange, timeZone);
  const buckets = refBuckets(from, to, query.interval, timeZone).map((b) => b.label);
  const first = buckets[0] as string;
  // First instant of the first bucket (bisection on the bucket label), then the bucket before it.
  let lo = from - 40 * 86_400_000; // in an earlier bucket
  let hi = from; // in the first bucket
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (bucketAt(mid, query.interval, timeZone) === first) hi = mid;
    else lo = mid;
  }
  const firstStart = hi;
  const previous = bucketAt(firstStart - 1, query.interval, timeZone);

  // Creation: the person's first event of any name, all time, as of the version.
  const created = new Map<string, number>();
  for (const e of known) {
    const p = personOf(e, version);
    const t = Date.parse(e.timestamp);
    created.set(p, Math.min(created.get(p) ?? t, t));
  }
  // Activity: the event with the filters; in the range for the range's buckets, anywhere in the previous bucket.
  const active = new Map<string, Set<string>>([previous, ...buckets].map((b) => [b, new Set<string>()]));
  for (const e of known) {
    if (e.event !== query.event) continue;
    const p = personOf(e, version);
    if (!matchesFilters(e, query.filters, p, props)) continue;
    const t = Date.parse(e.timestamp);
    const b = bucketOf(e.timestamp, query.interval, timeZone);
    if ((t >= from && t < to) || b === previous) active.get(b)?.add(p);
  }
  const result: LifecycleBucketDto[] = buckets.map((bucket, i) => {
    const before = active.get(i === 0 ? previous : (buckets[i - 1] as string)) as Set<string>;
    const now = active.get(bucket) as Set<string>;
    const out: LifecycleBucketDto = { bucket, new: 0, returning: 0, resurrecting: 0, dormant: 0 };
    for (const p of now) {
      const c = created.get(p) as number;
      if (bucketOf(new Date(c).toISOString(), query.interval, timeZone) === bucket) out.new++;
      else if (before.has(p)) out.returning++;
      else out.resurrecting++;
    }
    const gone = [...before].filter((p) => !now.has(p)).length;
    out.dormant = gone === 0 ? 0 : -gone;
    return out;
  });
  return { buckets: result };
}
