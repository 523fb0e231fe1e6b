/**
 * Brute-force reference of the retention insight, in plain TypeScript, written from the definition
 * in docs/metrics.md "Retention" (not from the engine's SQL): memberships are enumerated person by
 * person, and every cell is recomputed by asking, for each member, whether a return event falls in
 * the right period. Local periods come from Intl (common.reference / trend.reference).
 */
import type { PropertyFilter, RetentionCohortDto, RetentionQuery, RetentionResultDto } from '@fulcrum/contracts';
import type { TestEvent } from '../support/insight-test-db';
import { type RefEvent, asOf, byTimeThenId, matchesFilters, normalise, personOf, personProperties } from './common.reference';
import { breakdownText, bucketAt, compareValues, refBuckets, refRange } from './trend.reference';

interface Membership {
  person: string;
  cohort: number;
  value: string | null;
}

export function referenceRetention(input: readonly TestEvent[], query: RetentionQuery, version: number, timeZone: string): RetentionResultDto {
  const events = normalise(input);
  const known = asOf(events, version).sort(byTimeThenId);
  const props = personProperties(events, version);
  const { from, to } = refRange(query.dateRange, timeZone);
  // The cohort periods: every calendar period holding an instant of the range.
  const labels = refBuckets(from, to, query.period, timeZone).map((b) => b.label);
  const periodIndex = (e: RefEvent): number => {
    const label = bucketAt(Date.parse(e.timestamp), query.period, timeZone);
    const i = labels.indexOf(label);
    if (i >= 0) return i;
    return label < (labels[0] as string) ? 0 : labels.length - 1; // a clock going back across a period start
  };
  const inRange = (e: RefEvent) => Date.parse(e.timestamp) >= from && Date.parse(e.timestamp) < to;
  const matches = (e: RefEvent, event: string, filters: PropertyFilter[] | undefined) =>
    e.event === event && matchesFilters(e, [...(query.filters ?? []), ...(filters ?? [])], personOf(e, version), props);
  const starts = known.filter((e) => matches(e, query.startEvent.event, query.startEvent.filters));
  const returns = known.filter((e) => inRange(e) && matches(e, query.returnEvent.event, query.returnEvent.filters));
  const key = query.breakdown?.property;
  const valueOf = (e: RefEvent) => (key === undefined ? null : breakdownText(e.properties[key]));

  // Memberships: FIRST_TIME — the person's first start event ever (as of the version), if in the
  // range; RECURRING — every period of the range with a start event, valued by its first one.
  const members: Membership[] = [];
  const persons = [...new Set(starts.map((e) => personOf(e, version)))];
  for (const person of persons) {
    const own = starts.filter((e) => personOf(e, version) === person); // already in (timestamp, id) order
    if ((query.cohortType ?? 'FIRST_TIME') === 'FIRST_TIME') {
      const first = own[0] as RefEvent;
      if (inRange(first)) members.push({ person, cohort: periodIndex(first), value: valueOf(first) });
    } else {
      const seen = new Set<number>();
      for (const e of own.filter(inRange)) {
        const c = periodIndex(e);
        if (!seen.has(c)) members.push({ person, cohort: c, value: valueOf(e) });
        seen.add(c);
      }
    }
  }
  const returned = (person: string, period: number) => returns.some((e) => personOf(e, version) === person && periodIndex(e) === period);

  const cohortsOf = (ms: Membership[]): RetentionCohortDto[] =>
    labels.map((cohort, c) => {
      const inCohort = ms.filter((m) => m.cohort === c);
      const size = inCohort.length;
      const shown = Math.min(query.periods, labels.length - c);
      const values: RetentionCohortDto['values'] = [];
      for (let k = 0; k < shown; k++) {
        let n: number;
        if (k === 0) n = size;
        else if ((query.mode ?? 'ON') === 'ON') n = inCohort.filter((m) => returned(m.person, c + k)).length;
        else n = inCohort.filter((m) => Array.from({ length: shown - k }, (_, j) => c + k + j).some((p) => returned(m.person, p))).length;
        values.push({ period: k, persons: n, percentage: size === 0 ? 0 : (n / size) * 100 });
      }
      return { cohort, size, values };
    });

  const result: RetentionResultDto = { cohorts: cohortsOf(members), breakdowns: [] };
  if (query.breakdown) {
    const limit = query.breakdown.limit ?? 10;
    const volume = new Map<string | null, number>();
    for (const m of members) volume.set(m.value, (volume.get(m.value) ?? 0) + 1);
    const ranked = [...volume.entries()].sort(([va, a], [vb, b]) => b - a || compareValues(va, vb)).map(([v]) => v);
    const top = ranked.slice(0, limit);
    for (const v of top) result.breakdowns.push({ value: v, other: false, cohorts: cohortsOf(members.filter((m) => m.value === v)) });
    if (ranked.length > limit) {
      result.breakdowns.push({ value: null, other: true, cohorts: cohortsOf(members.filter((m) => !top.includes(m.value))) });
    }
  }
  return result;
}
