/**
 * Brute-force reference of the stickiness insight, in plain TypeScript, written from the definition
 * in docs/metrics.md "Stickiness" (not from the engine's SQL): for every person, the set of local
 * calendar intervals of their matching events is built and counted.
 */
import type { StickinessQuery, StickinessResultDto, StickinessRowDto } from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';
import { type RefEvent, asOf, matchesFilters, normalise, personOf, personProperties } from './common.reference';
import { breakdownText, bucketAt, compareValues, refBuckets, refRange } from './trend.reference';

export function referenceStickiness(input: readonly TestEvent[], query: StickinessQuery, version: number, timeZone: string): StickinessResultDto {
  const events = normalise(input);
  const props = personProperties(events, version);
  const { from, to } = refRange(query.dateRange, timeZone);
  const labels = refBuckets(from, to, query.interval, timeZone).map((b) => b.label);
  const total = labels.length;
  const intervalOf = (e: RefEvent): string => {
    const label = bucketAt(Date.parse(e.timestamp), query.interval, timeZone);
    if (labels.includes(label)) return label;
    return label < (labels[0] as string) ? (labels[0] as string) : (labels[total - 1] as string); // a clock going back across a start
  };
  const matching = asOf(events, version).filter((e) => {
    const t = Date.parse(e.timestamp);
    return e.event === query.event && t >= from && t < to && matchesFilters(e, query.filters, personOf(e, version), props);
  });

  /** Rows for x = 1..total over a set of events: each person's x is their number of distinct intervals. */
  const rowsOf = (es: RefEvent[]): StickinessRowDto[] => {
    const intervals = new Map<string, Set<string>>();
    for (const e of es) {
      const p = personOf(e, version);
      intervals.set(p, (intervals.get(p) ?? new Set()).add(intervalOf(e)));
    }
    const active = intervals.size;
    const rows: StickinessRowDto[] = [];
    for (let x = 1; x <= total; x++) {
      const n = [...intervals.values()].filter((s) => s.size === x).length;
      rows.push({ intervals: x, persons: n, percentage: active === 0 ? 0 : (n / active) * 100 });
    }
    return rows;
  };

  const result: StickinessResultDto = { totalIntervals: total, rows: rowsOf(matching), breakdowns: [] };
  if (query.breakdown) {
    const key = query.breakdown.property;
    const limit = query.breakdown.limit ?? 10;
    const valueOf = (e: RefEvent) => breakdownText(e.properties[key]);
    const persons = new Map<string | null, Set<string>>();
    for (const e of matching) persons.set(valueOf(e), (persons.get(valueOf(e)) ?? new Set()).add(personOf(e, version)));
    const ranked = [...persons.entries()].sort(([va, a], [vb, b]) => b.size - a.size || compareValues(va, vb)).map(([v]) => v);
    const top = ranked.slice(0, limit);
    for (const v of top) result.breakdowns.push({ value: v, other: false, rows: rowsOf(matching.filter((e) => valueOf(e) === v)) });
    if (ranked.length > limit) result.breakdowns.push({ value: null, other: true, rows: rowsOf(matching.filter((e) => !top.includes(valueOf(e)))) });
  }
  return result;
}
