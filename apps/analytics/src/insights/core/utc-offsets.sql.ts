import type { SqlParams } from './sql-params';
import type { SqlRunner } from './sql-runner';

const HOUR_US = 3_600_000_000;

/**
 * The UTC offsets of a time zone over a span of instants: the offset at the start of the span, then
 * every change (the exact instant, to the second, and the new offset). Computed by DuckDB's ICU, as
 * `timezone()` and date-only bounds are, so wall-clock times agree with the rest of the engine.
 */
export interface UtcOffsets {
  /** Offset (µs) in force at the start of the span and until the first change. */
  initialUs: number;
  /** Changes in the span, ascending: from `atUs` (epoch µs, inclusive) the offset is `offsetUs`. */
  changes: Array<{ atUs: number; offsetUs: number }>;
}

/** Offsets are loaded in blocks of this many UTC hours (32 days) and kept per (zone, block). */
const BLOCK_HOURS = 32 * 24;
/** At most this many blocks are kept (a few KB each; a year of one zone is 12 blocks). */
const MAX_CACHED_BLOCKS = 4096;
const blocks = new Map<string, Promise<UtcOffsets>>();

/**
 * Loads the offsets in force over [fromUs, toUs] (epoch µs). A zone's offsets are a pure function of
 * ICU's rules, so they are read from DuckDB once per block of 32 days and kept: the insights of a
 * dashboard, which share ranges, pay for them once (a read costs ~5 ms for 64 days).
 */
export async function loadUtcOffsets(runner: SqlRunner, timeZone: string, fromUs: number, toUs: number): Promise<UtcOffsets> {
  const first = Math.floor(Math.floor(fromUs / HOUR_US) / BLOCK_HOURS);
  const last = Math.floor((Math.floor(toUs / HOUR_US) + 1) / BLOCK_HOURS);
  const parts: UtcOffsets[] = [];
  for (let b = first; b <= last; b++) parts.push(await offsetsBlock(runner, timeZone, b));
  // Blocks overlap by one sampled hour only, so a change is found in exactly one block; ascending.
  const changes = parts.flatMap((p) => p.changes);
  let initialUs = (parts[0] as UtcOffsets).initialUs;
  for (const c of changes) if (c.atUs <= fromUs) initialUs = c.offsetUs;
  return { initialUs, changes: changes.filter((c) => c.atUs > fromUs) };
}

function offsetsBlock(runner: SqlRunner, timeZone: string, block: number): Promise<UtcOffsets> {
  const key = `${timeZone}\u0000${block}`;
  const known = blocks.get(key);
  if (known) return known;
  const loading = readOffsets(runner, timeZone, block * BLOCK_HOURS, (block + 1) * BLOCK_HOURS);
  if (blocks.size >= MAX_CACHED_BLOCKS) blocks.clear();
  blocks.set(key, loading);
  loading.catch(() => blocks.delete(key));
  return loading;
}

/**
 * The offsets over the UTC hours [loHour, hiHour] (both included). The offset is sampled at every
 * UTC hour, and an hour whose offset differs from the previous one is searched second by
 * second for the exact change (time zones change offset at most once an hour, on a whole second).
 */
async function readOffsets(runner: SqlRunner, timeZone: string, loHour: number, hiHour: number): Promise<UtcOffsets> {
  const offsetAt = (secondsSql: string) =>
    `(epoch_us(timezone(CAST($1 AS VARCHAR), make_timestamptz(${secondsSql} * 1000000))) - ${secondsSql} * 1000000)`;
  const rows = await runner.rows(
    `WITH hs AS (
       SELECT h, ${offsetAt('(h * 3600)')} AS off FROM range(CAST($2 AS BIGINT), CAST($3 AS BIGINT) + 1) t(h)
     ), ch AS (
       SELECT h, off, lag(off) OVER (ORDER BY h) AS prev FROM hs
     ), tr AS (
       SELECT h, off FROM ch WHERE prev IS NOT NULL AND prev <> off
     ), secs AS (
       SELECT tr.h, tr.off, (tr.h - 1) * 3600 + 1 + r.k AS s FROM tr CROSS JOIN range(0, 3600) r(k)
     )
     SELECT 0 AS kind, NULL AS at_s, off FROM ch WHERE prev IS NULL
     UNION ALL
     SELECT 1 AS kind, min(s) AS at_s, off FROM secs WHERE ${offsetAt('s')} = off GROUP BY h, off
     ORDER BY kind, at_s`,
    [timeZone, loHour, hiHour],
  );
  const initial = rows.find((r) => Number(r['kind']) === 0);
  if (!initial) throw new Error(`no UTC offset for ${timeZone}`);
  return {
    initialUs: Number(initial['off']),
    changes: rows.filter((r) => Number(r['kind']) === 1).map((r) => ({ atUs: Number(r['at_s']) * 1_000_000, offsetUs: Number(r['off']) })),
  };
}

/**
 * Local wall-clock time (epoch µs of the wall clock, as a TIMESTAMP would hold it) of an instant
 * given as epoch µs, valid for instants inside the span the offsets were loaded for. Plain integer
 * arithmetic: no ICU call per row.
 */
export function localMicrosSql(instantUsSql: string, offsets: UtcOffsets, params: SqlParams): string {
  const bigint = (n: number) => params.addTyped(BigInt(n), 'BIGINT');
  if (offsets.changes.length === 0) return `(${instantUsSql} + ${bigint(offsets.initialUs)})`;
  const branches: string[] = [];
  let current = offsets.initialUs;
  for (const change of offsets.changes) {
    branches.push(`WHEN ${instantUsSql} < ${bigint(change.atUs)} THEN ${bigint(current)}`);
    current = change.offsetUs;
  }
  return `(${instantUsSql} + CASE ${branches.join(' ')} ELSE ${bigint(current)} END)`;
}
