import { DUCKDB_LIMIT_DEFAULTS, defaultMaxTempDirectorySizeBytes, defaultMemoryLimitBytes, formatBytes, resolveDuckDbLimits } from './duckdb.limits';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

describe('DuckDB limits', () => {
  it('gives DuckDB a quarter of the memory, between 256 MiB and 8 GiB', () => {
    expect(defaultMemoryLimitBytes(24 * GIB)).toBe(6 * GIB);
    expect(defaultMemoryLimitBytes(16 * GIB)).toBe(4 * GIB);
    expect(defaultMemoryLimitBytes(512 * MIB)).toBe(DUCKDB_LIMIT_DEFAULTS.minMemoryBytes);
    expect(defaultMemoryLimitBytes(128 * GIB)).toBe(8 * GIB);
  });

  it('lets it spill a quarter of the free disk, between 64 MiB and 10 GiB', () => {
    expect(defaultMaxTempDirectorySizeBytes(20 * GIB)).toBe(5 * GIB);
    expect(defaultMaxTempDirectorySizeBytes(500 * GIB)).toBe(10 * GIB);
    expect(defaultMaxTempDirectorySizeBytes(0)).toBe(64 * MIB);
  });

  it('spills next to the database file, never for an in-memory database, and keeps what is configured', () => {
    expect(resolveDuckDbLimits('/data/analytics.duckdb', { memoryLimitBytes: 512 * MIB, maxTempDirectorySizeBytes: GIB, threads: 2 })).toEqual({
      memoryLimitBytes: 512 * MIB,
      tempDirectory: '/data/analytics.duckdb.tmp',
      maxTempDirectorySizeBytes: GIB,
      threads: 2,
      // the process memory ceiling: memory_limit × 1.5 + 1 GiB
      processMemoryCeilingBytes: 768 * MIB + GIB,
    });
    expect(resolveDuckDbLimits(':memory:')).toMatchObject({ tempDirectory: undefined, maxTempDirectorySizeBytes: 0, threads: undefined });
  });

  it('writes sizes for people', () => {
    expect([formatBytes(512 * MIB), formatBytes(6 * GIB), formatBytes(1536 * MIB), formatBytes(1000), formatBytes(1_500_000_000)]).toEqual([
      '512 MiB',
      '6 GiB',
      '1536 MiB',
      '1000 bytes',
      '1.4 GiB',
    ]);
  });
});
