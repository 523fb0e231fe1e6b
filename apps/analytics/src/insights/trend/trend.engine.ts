import {
  INSIGHT_LIMITS,
  type TrendMath,
  type TrendQuery,
  type TrendResultDto,
  type TrendSeriesResultDto,
  type TrendSeriesSpec,
} from '@fulcrum/contracts';
import { assertTimeZone, resolveDateRange } from '../core/date-range.resolver';
import type { InsightScope } from '../core/insight-scope';
import type { SqlRunner } from '../core/sql-runner';
import { type CalendarBuckets, loadCalendarBuckets } from '../core/calendar-buckets.sql';
import { type TrendSqlContext, activeSeriesSql, bucketSeriesSql } from './trend-series.sql';
import { activeWindowDays, assertValidTrendQuery, isPropertyMath, mathOf } from './trend-query.validator';

/**
 * Trend insight (docs/metrics.md "Trend"): per series, the math per calendar bucket of the range
 * and over the whole range, optionally broken down by an event property. One SQL statement per
 * series, all in the caller's read snapshot.
 */
export async function runTrend(runner: SqlRunner, scope: InsightScope, query: TrendQuery): Promise<TrendResultDto> {
  assertValidTrendQuery(query);
  await assertTimeZone(runner, scope.timeZone);
  const range = await resolveDateRange(runner, query.dateRange, scope.timeZone, 'query.dateRange');
  const buckets = await loadCalendarBuckets(runner, scope.timeZone, range, query.interval);

  const maths = query.series.map((s) => mathOf(s.math));
  // Rolling windows look back before `from`, to the first local day of the first bucket's window.
  const firstDay = (days: number) => addDays(buckets.lastDays[0] as string, 1 - days);
  const lookFrom = (days: number) => {
    const startUs = buckets.clock.firstInstantAtOrAfter(Date.parse(`${firstDay(days)}T00:00:00Z`) * 1000);
    return new Date(Math.floor(Math.min(startUs, Date.parse(range.from) * 1000) / 1000)).toISOString();
  };

  const ctx: TrendSqlContext = {
    scope,
    interval: query.interval,
    range,
    filters: query.filters ?? [],
    breakdown: query.breakdown ? { property: query.breakdown.property, limit: query.breakdown.limit ?? INSIGHT_LIMITS.defaultBreakdownLimit } : null,
    offsets: buckets.offsets,
  };
  const series: TrendSeriesResultDto[] = [];
  for (const [index, spec] of query.series.entries()) {
    const math = maths[index] as TrendMath;
    const window = activeWindowDays(math);
    const entries =
      window === null
        ? await bucketSeries(runner, ctx, buckets, spec, math)
        : await activeSeries(runner, ctx, buckets, spec, window, lookFrom(window), firstDay(window));
    for (const e of entries) series.push({ index, event: spec.event, math, label: spec.label ?? null, ...e });
  }
  return { buckets: buckets.labels, series };
}

type Entry = Pick<TrendSeriesResultDto, 'breakdown' | 'data' | 'total' | 'nonNumericEvents'>;

interface Group {
  label: string | null;
  values: Map<string, number | null>;
  total: number | null;
  ign: number | null;
}

async function bucketSeries(runner: SqlRunner, ctx: TrendSqlContext, buckets: CalendarBuckets, spec: TrendSeriesSpec, math: TrendMath): Promise<Entry[]> {
  const { sql, params } = bucketSeriesSql(ctx, spec, math);
  const groups = new Map<number, Group>();
  for (const row of await runner.rows(sql, params)) {
    const grp = Number(row['grp']);
    const group = groups.get(grp) ?? { label: nullableString(row['label']), values: new Map(), total: null, ign: null };
    groups.set(grp, group);
    const v = row['v'] === null || row['v'] === undefined ? null : Number(row['v']);
    if (Number(row['is_total']) === 1) {
      group.total = v;
      group.ign = row['ign'] === null || row['ign'] === undefined ? null : Number(row['ign']);
    } else {
      group.values.set(String(row['bucket']), v);
    }
  }
  if (!ctx.breakdown && !groups.has(0)) groups.set(0, { label: null, values: new Map(), total: null, ign: null });
  const counts = math === 'TOTAL' || math === 'UNIQUE_PERSONS';
  const empty = counts || math === 'SUM' ? 0 : null;
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([grp, g]) => ({
      breakdown: breakdownOf(ctx, grp, g.label),
      data: buckets.labels.map((b) => g.values.get(b) ?? empty),
      total: g.total ?? empty,
      nonNumericEvents: isPropertyMath(math) ? (g.ign ?? 0) : null,
    }));
}

async function activeSeries(
  runner: SqlRunner,
  ctx: TrendSqlContext,
  buckets: CalendarBuckets,
  spec: TrendSeriesSpec,
  windowDays: number,
  lookFrom: string,
  firstDay: string,
): Promise<Entry[]> {
  const { sql, params } = activeSeriesSql(ctx, spec, windowDays, lookFrom, firstDay);
  const groups = new Map<number, { label: string | null; deltas: Array<[string, number]> }>();
  for (const row of await runner.rows(sql, params)) {
    const grp = Number(row['grp']);
    const group = groups.get(grp) ?? { label: nullableString(row['label']), deltas: [] };
    groups.set(grp, group);
    group.deltas.push([String(row['day']), Number(row['delta'])]);
  }
  if (!ctx.breakdown && !groups.has(0)) groups.set(0, { label: null, deltas: [] });
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([grp, g]) => {
      // Persons active on a day = running sum of the changes up to that day; each bucket reads its last day.
      const deltas = g.deltas.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      let at = 0;
      let active = 0;
      const data = buckets.lastDays.map((day) => {
        while (at < deltas.length && (deltas[at] as [string, number])[0] <= day) active += (deltas[at++] as [string, number])[1];
        return active;
      });
      return { breakdown: breakdownOf(ctx, grp, g.label), data, total: null, nonNumericEvents: null };
    });
}

function breakdownOf(ctx: TrendSqlContext, grp: number, label: string | null): TrendSeriesResultDto['breakdown'] {
  if (!ctx.breakdown) return null;
  return grp > ctx.breakdown.limit ? { value: null, other: true } : { value: label, other: false };
}

function nullableString(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
