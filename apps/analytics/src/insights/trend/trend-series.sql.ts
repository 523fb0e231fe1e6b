import type { Interval, PropertyFilter, TrendMath, TrendSeriesSpec } from '@fulcrum/contracts';
import type { InsightScope } from '../core/insight-scope';
import { topLevelKeyPath } from '../core/json-path';
import { propertyValueSql } from '../core/property-filter.sql';
import { personOfDistinctIdSql } from '../core/person-id.sql';
import { type ResolvedRange, scopedEventsSql } from '../core/scoped-events.sql';
import { SqlParams } from '../core/sql-params';
import { BUCKET_LABEL_FORMAT, INTERVAL_UNITS } from '../core/calendar-buckets.sql';
import { type UtcOffsets, localMicrosSql } from '../core/utc-offsets.sql';

/** What every series query of one trend shares. */
export interface TrendSqlContext {
  scope: InsightScope;
  interval: Interval;
  range: ResolvedRange;
  /** Query-level filters (ANDed with the series' own). */
  filters: readonly PropertyFilter[];
  breakdown: { property: string; limit: number } | null;
  /** UTC offsets covering every instant a series reads (the range, plus the look-back of rolling maths: 30 days). */
  offsets: UtcOffsets;
}

export interface SeriesSql {
  sql: string;
  params: SqlParams['values'];
}

/**
 * Breakdown text form of a JSON value: a string's own text, else its JSON text; NULL when the key
 * is absent or JSON null (both "not set").
 */
function breakdownTextSql(jsonSql: string): string {
  return `CASE WHEN ${jsonSql} IS NULL OR json_type(${jsonSql}) = 'NULL' THEN NULL
               WHEN json_type(${jsonSql}) = 'VARCHAR' THEN json_extract_string(${jsonSql}, '$')
               ELSE CAST(${jsonSql} AS VARCHAR) END`;
}

/** A JSON number as DOUBLE; NULL for anything else (absent, null, string — even "12" —, boolean, object, array). */
function numericValueSql(jsonSql: string): string {
  return `CASE WHEN json_type(${jsonSql}) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN CAST(${jsonSql} AS DOUBLE) END`;
}

function seriesEvents(ctx: TrendSqlContext, params: SqlParams, series: TrendSeriesSpec, range: ResolvedRange): string {
  return scopedEventsSql(ctx.scope, params, {
    events: series.event === null ? undefined : [series.event],
    range,
    filters: [...ctx.filters, ...(series.filters ?? [])],
  });
}

/**
 * Breakdown ranking and group of each row. Rows of `source` carry `bv` (the value's text form);
 * `rankBy` is the volume to rank by. Produces CTEs `rk` (value → rank) and `g` (rows with `grp`:
 * the rank for the top N values, N + 1 for "other"); without a breakdown `g` is `source` with grp 0.
 */
function groupCtes(ctx: TrendSqlContext, params: SqlParams, source: string, rankBy: string): string {
  if (!ctx.breakdown) return `g AS (SELECT *, 0 AS grp FROM ${source})`;
  const limit = params.addTyped(ctx.breakdown.limit, 'BIGINT');
  return `rk AS (
      SELECT bv, row_number() OVER (ORDER BY ${rankBy} DESC, bv ASC NULLS LAST) AS rank FROM ${source} GROUP BY bv
    ), g AS (
      SELECT s.*, CASE WHEN rk.rank <= ${limit} THEN rk.rank ELSE ${limit} + 1 END AS grp
      FROM ${source} s JOIN rk ON s.bv IS NOT DISTINCT FROM rk.bv
    )`;
}

function labelJoin(ctx: TrendSqlContext): { select: string; join: string } {
  return ctx.breakdown ? { select: 'rk.bv AS label', join: 'LEFT JOIN rk ON rk.rank = a.grp' } : { select: 'NULL AS label', join: '' };
}

/**
 * Distinct persons per bucket and over the range: one DISTINCT over (group, bucket, person), then
 * counts of it (a two-phase distinct count, cheaper than `count(DISTINCT ...)` per grouping set).
 * Without a breakdown the constant group is left out of the keys (DuckDB hashes it otherwise).
 */
function uniquePersonsCte(grouped: boolean): string {
  const grp = grouped ? 'grp' : '0 AS grp';
  const by = grouped ? 'GROUP BY grp' : '';
  return `pb AS (SELECT DISTINCT ${grouped ? 'grp, ' : ''}b, p FROM g),
    a AS (
      SELECT ${grp}, 0 AS is_total, b, count(*) AS v, NULL AS ign FROM pb GROUP BY ${grouped ? 'grp, ' : ''}b
      UNION ALL
      SELECT ${grp}, 1 AS is_total, NULL AS b, count(DISTINCT p) AS v, NULL AS ign FROM pb ${by}
    )`;
}

/** The other per-bucket maths: one aggregation with grouping sets (per bucket, and the whole range). */
function bucketMathCte(math: TrendMath, grouped: boolean, ign: string): string {
  const sets = grouped ? '(grp, b), (grp)' : '(b), ()';
  return `a AS (
      SELECT ${grouped ? 'grp' : '0 AS grp'}, grouping(b) AS is_total, b, ${aggregateSql(math)} AS v, ${ign} AS ign
      FROM g GROUP BY GROUPING SETS (${sets})
    )`;
}

function aggregateSql(math: TrendMath): string {
  switch (math) {
    case 'TOTAL':
      return 'count(*)';
    case 'SUM':
      return 'fsum(mv)';
    case 'AVG':
      return 'favg(mv)';
    case 'MIN':
      return 'min(mv)';
    case 'MAX':
      return 'max(mv)';
    case 'MEDIAN':
      return 'median(mv)';
    default:
      throw new Error(`not a bucket math: ${math}`);
  }
}

/**
 * One series with a per-bucket math (TOTAL, UNIQUE_PERSONS, SUM..MEDIAN) over the events in the
 * range. Rows: `grp`, `is_total` (1 for the whole-range row), `bucket` (label), `v`, `ign`
 * (events without a numeric value), `label` (breakdown value of the group).
 */
export function bucketSeriesSql(ctx: TrendSqlContext, series: TrendSeriesSpec, math: TrendMath): SeriesSql {
  if (math === 'UNIQUE_PERSONS') return uniquePersonsSeriesSql(ctx, series);
  const params = new SqlParams();
  const unit = INTERVAL_UNITS[ctx.interval];
  const events = seriesEvents(ctx, params, series, ctx.range);
  const local = localMicrosSql('epoch_us(e.ts)', ctx.offsets, params);
  const cols = [`date_trunc('${unit}', make_timestamp(${local})) AS b`, 'e.person_id AS p'];
  const outer = ['b', 'p'];
  if (series.mathProperty !== undefined && ctx.breakdown) {
    // Both values with one parse of the properties (a list of paths).
    const paths = [series.mathProperty, ctx.breakdown.property].map((k) => params.addTyped(topLevelKeyPath(k), 'VARCHAR'));
    cols.push(`json_extract(e.properties, [${paths.join(', ')}]) AS js`);
    outer.push(`${numericValueSql('js[1]')} AS mv`, `${breakdownTextSql('js[2]')} AS bv`);
  } else if (series.mathProperty !== undefined) {
    cols.push(`${propertyValueSql('e.properties', series.mathProperty, params)} AS mj`);
    outer.push(`${numericValueSql('mj')} AS mv`);
  } else if (ctx.breakdown) {
    cols.push(`${propertyValueSql('e.properties', ctx.breakdown.property, params)} AS bj`);
    outer.push(`${breakdownTextSql('bj')} AS bv`);
  }
  const ign = series.mathProperty !== undefined ? 'count(*) FILTER (WHERE mv IS NULL)' : 'NULL';
  const labels = labelJoin(ctx);
  const sql = `
    WITH r AS (
      SELECT ${outer.join(', ')} FROM (SELECT ${cols.join(', ')} FROM (${events}) e)
    ), ${groupCtes(ctx, params, 'r', 'count(*)')},
    ${bucketMathCte(math, ctx.breakdown !== null, ign)}
    SELECT a.grp, a.is_total, strftime(a.b, '${BUCKET_LABEL_FORMAT}') AS bucket, a.v, a.ign, ${labels.select}
    FROM a ${labels.join}`;
  return { sql, params: params.values };
}

/**
 * Local wall-clock key of an instant: whole local hours (HOUR) or local days (DAY, WEEK, MONTH)
 * since the epoch, as an integer (cheap to hash), shifted so that floor division is plain integer
 * division for every year from 0 on. `bucketOfKeySql` turns a key back into its bucket start.
 */
const KEY_SHIFT_US = 86_400_000_000 * 1_000_000;
function keyUnitUs(interval: Interval): number {
  return interval === 'HOUR' ? 3_600_000_000 : 86_400_000_000;
}
function bucketOfKeySql(interval: Interval, keySql: string, params: SqlParams): string {
  const start = `make_timestamp(${keySql} * ${params.addTyped(BigInt(keyUnitUs(interval)), 'BIGINT')} - ${params.addTyped(BigInt(KEY_SHIFT_US), 'BIGINT')})`;
  return interval === 'WEEK' || interval === 'MONTH' ? `date_trunc('${INTERVAL_UNITS[interval]}', ${start})` : start;
}

/**
 * UNIQUE_PERSONS: distinct persons per bucket and over the range, in two stages. The events are
 * first reduced to distinct (local hour or day, distinct id[, breakdown value]) with integer keys,
 * then each distinct id is mapped to its person as of the version (`personOfDistinctIdSql`) and the
 * buckets are deduplicated by person. Same answer as deduplicating (bucket, person) per event,
 * because a person is a set of distinct ids and a bucket a set of hours/days. With a breakdown the
 * first stage keeps each group's event count (`n`), so values are still ranked by event volume.
 */
function uniquePersonsSeriesSql(ctx: TrendSqlContext, series: TrendSeriesSpec): SeriesSql {
  const params = new SqlParams();
  const events = seriesEvents(ctx, params, series, ctx.range);
  const local = localMicrosSql('epoch_us(e.ts)', ctx.offsets, params);
  const key = `(${local} + ${params.addTyped(BigInt(KEY_SHIFT_US), 'BIGINT')}) // ${params.addTyped(BigInt(keyUnitUs(ctx.interval)), 'BIGINT')}`;
  const reduced = ctx.breakdown
    ? `SELECT k, did, ${breakdownTextSql('bj')} AS bv, count(*) AS n
       FROM (SELECT ${key} AS k, e.distinct_id AS did, ${propertyValueSql('e.properties', ctx.breakdown.property, params)} AS bj FROM (${events}) e)
       GROUP BY ALL`
    : `SELECT DISTINCT ${key} AS k, e.distinct_id AS did FROM (${events}) e`;
  const person = personOfDistinctIdSql(ctx.scope, params, 'd.did');
  const labels = labelJoin(ctx);
  const sql = `
    WITH d AS (${reduced}),
    r AS (
      SELECT ${bucketOfKeySql(ctx.interval, 'd.k', params)} AS b, ${person.person} AS p${ctx.breakdown ? ', d.bv, d.n' : ''}
      FROM d ${person.join}
    ), ${groupCtes(ctx, params, 'r', 'sum(n)')},
    ${uniquePersonsCte(ctx.breakdown !== null)}
    SELECT a.grp, a.is_total, strftime(a.b, '${BUCKET_LABEL_FORMAT}') AS bucket, a.v, a.ign, ${labels.select}
    FROM a ${labels.join}`;
  return { sql, params: params.values };
}

/**
 * One series with a rolling active-person math (DAU/WAU/MAU, `windowDays` days). Reads the events
 * of the range, and those of [lookFrom, from) whose local day is on or after `firstDay` (the first
 * bucket's window start: the look-back), and
 * returns, per group, the change of the number of persons whose window covers each local day:
 * rows `grp`, `day` (`YYYY-MM-DD`), `delta`, `label`. A person's active days d contribute the days
 * [d, d + windowDays), cut at their next active day so that each person counts once per day.
 */
export function activeSeriesSql(
  ctx: TrendSqlContext,
  series: TrendSeriesSpec,
  windowDays: number,
  lookFrom: string,
  firstDay: string,
): SeriesSql {
  const params = new SqlParams();
  const events = seriesEvents(ctx, params, series, { from: lookFrom, to: ctx.range.to });
  const local = localMicrosSql('epoch_us(e.ts)', ctx.offsets, params);
  const from = params.addTyped(ctx.range.from, 'TIMESTAMPTZ');
  const cols = [`CAST(make_timestamp(${local}) AS DATE) AS d`, 'e.person_id AS p', `e.ts >= ${from} AS in_range`];
  const outer = ['d', 'p', 'in_range'];
  if (ctx.breakdown) {
    cols.push(`${propertyValueSql('e.properties', ctx.breakdown.property, params)} AS bj`);
    outer.push(`${breakdownTextSql('bj')} AS bv`);
  }
  const first = `CAST(${params.addTyped(firstDay, 'VARCHAR')} AS DATE)`;
  const n = `CAST(${params.addTyped(windowDays, 'BIGINT')} AS INTEGER)`;
  const labels = labelJoin(ctx);
  const k = ctx.breakdown ? 'grp, ' : ''; // without a breakdown the group is constant: keep it out of the keys
  const sql = `
    WITH r AS (
      SELECT ${outer.join(', ')} FROM (SELECT ${cols.join(', ')} FROM (${events}) e) WHERE in_range OR d >= ${first}
    ), ${groupCtes(ctx, params, 'r', 'count(*) FILTER (WHERE in_range)')},
    pd AS (SELECT DISTINCT ${k}p, d FROM g),
    iv AS (
      SELECT ${ctx.breakdown ? 'grp' : '0 AS grp'}, d, least(d + ${n}, coalesce(lead(d) OVER (PARTITION BY ${k}p ORDER BY d), d + ${n})) AS e FROM pd
    ), dl AS (
      SELECT grp, d AS day, 1 AS c FROM iv UNION ALL SELECT grp, e AS day, -1 AS c FROM iv
    ), a AS (
      SELECT grp, day, sum(c) AS delta FROM dl GROUP BY grp, day
    )
    SELECT a.grp, strftime(a.day, '%Y-%m-%d') AS day, a.delta, ${labels.select} FROM a ${labels.join}`;
  return { sql, params: params.values };
}
