import { statfsSync } from 'node:fs';
import { totalmem } from 'node:os';

/**
 * Resource limits of the analytics DuckDB instance (docs/operator-guide.md "DuckDB limits"). They
 * are global: DuckDB 1.5 has no per-connection memory limit, so the writer, the insights and the
 * SQL sandbox share them.
 */
export interface DuckDbLimits {
  /** `memory_limit`: DuckDB's buffer manager (hash tables, sorts, aggregates, cached blocks, indexes). */
  memoryLimitBytes: number;
  /** `temp_directory`, where DuckDB spills what does not fit; undefined for an in-memory database (no spilling). */
  tempDirectory: string | undefined;
  /** `max_temp_directory_size`: past it a spilling query fails (RESOURCE_EXHAUSTED). */
  maxTempDirectorySizeBytes: number;
  /** `threads`; undefined keeps DuckDB's default (one per core). */
  threads: number | undefined;
  /**
   * The safety net behind `memory_limit`: when the process's resident memory passes this, the
   * running queries are stopped (RESOURCE_EXHAUSTED). Some values are built outside DuckDB's buffer
   * manager (a chain of string concatenations doubling a value, say), which `memory_limit` never
   * sees. Default `memoryLimitBytes` × 1.5 + 1 GiB.
   */
  processMemoryCeilingBytes: number;
}

/** What configuration may set; the rest comes from `defaultDuckDbLimits`. */
export type DuckDbLimitOverrides = Partial<Pick<DuckDbLimits, 'memoryLimitBytes' | 'maxTempDirectorySizeBytes' | 'threads' | 'processMemoryCeilingBytes'>>;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * Defaults: a quarter of the machine's memory, at least 256 MiB and at most 8 GiB, for DuckDB's
 * buffer manager (5.9 GiB on the 23.5 GiB reference box, 4 GiB on a 16 GiB laptop): the rest is for
 * the other services and for what DuckDB allocates outside its buffer manager (intermediate
 * vectors, constant folding), which `memory_limit` does not count. Spilling: a quarter of the
 * free space of the data directory's disk at start, at most 10 GiB, at least 64 MiB.
 */
export const DUCKDB_LIMIT_DEFAULTS = {
  memoryFraction: 0.25,
  minMemoryBytes: 256 * MIB,
  maxMemoryBytes: 8 * GIB,
  tempDiskFraction: 0.25,
  minTempBytes: 64 * MIB,
  maxTempBytes: 10 * GIB,
} as const;

export function defaultMemoryLimitBytes(totalMemoryBytes: number = totalmem()): number {
  const d = DUCKDB_LIMIT_DEFAULTS;
  return clamp(Math.floor(totalMemoryBytes * d.memoryFraction), d.minMemoryBytes, d.maxMemoryBytes);
}

export function defaultMaxTempDirectorySizeBytes(freeDiskBytes: number): number {
  const d = DUCKDB_LIMIT_DEFAULTS;
  return clamp(Math.floor(freeDiskBytes * d.tempDiskFraction), d.minTempBytes, d.maxTempBytes);
}

/**
 * The limits for the DuckDB file at `path` (its directory must exist): spill files go to
 * `<path>.tmp/`, next to the database file, which DuckDB creates when it first spills.
 */
export function resolveDuckDbLimits(path: string, overrides: DuckDbLimitOverrides = {}): DuckDbLimits {
  const inMemory = path === ':memory:';
  const tempDirectory = inMemory ? undefined : `${path}.tmp`;
  const memoryLimitBytes = overrides.memoryLimitBytes ?? defaultMemoryLimitBytes();
  return {
    memoryLimitBytes,
    processMemoryCeilingBytes: overrides.processMemoryCeilingBytes ?? Math.floor(memoryLimitBytes * 1.5) + GIB,
    tempDirectory,
    maxTempDirectorySizeBytes: overrides.maxTempDirectorySizeBytes ?? (inMemory ? 0 : defaultMaxTempDirectorySizeBytes(freeBytesNear(path))),
    threads: overrides.threads,
  };
}

/** Free space of the disk holding `path`'s directory (0 when it cannot be read). */
function freeBytesNear(path: string): number {
  const dir = path.replace(/[/\\][^/\\]*$/, '') || '.';
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return 0;
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/** `536870912` → `512 MiB` (for messages and logs). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0 && bytes >= 1024) {
    // Not a whole number of KiB/MiB/...: one decimal of the largest unit.
    unit = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
    return `${(bytes / 1024 ** unit).toFixed(1)} ${units[unit]}`;
  }
  return `${value} ${units[unit]}`;
}
