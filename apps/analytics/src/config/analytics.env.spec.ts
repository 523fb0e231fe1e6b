import { ConfigError } from '@fulcrum/messaging';
import { loadAnalyticsConfig, readByteSize } from './analytics.env';

describe('analytics config', () => {
  it('reads sizes with DuckDB units', () => {
    expect(readByteSize({ S: '512MiB' }, 'S', 0)).toBe(512 * 1024 ** 2);
    expect(readByteSize({ S: '4 GB' }, 'S', 0)).toBe(4e9);
    expect(readByteSize({ S: '1.5GiB' }, 'S', 0)).toBe(1.5 * 1024 ** 3);
    expect(readByteSize({ S: '1048576' }, 'S', 0)).toBe(1048576);
    expect(readByteSize({ S: '' }, 'S', 0)).toBeUndefined();
    expect(readByteSize({}, 'S', 0)).toBeUndefined();
  });

  it('refuses what is not a size, or too small, naming the variable', () => {
    expect(() => readByteSize({ S: '12 apples' }, 'S', 0)).toThrow(ConfigError);
    expect(() => readByteSize({ S: '-1GB' }, 'S', 0)).toThrow(/S must be a size/);
    expect(() => readByteSize({ S: '1MB' }, 'S', 64 * 1024 ** 2)).toThrow(/S must be at least 67108864 bytes/);
  });

  it('leaves the DuckDB limits to their computed defaults unless set', () => {
    expect(loadAnalyticsConfig({}).duckdbLimits).toEqual({});
    expect(
      loadAnalyticsConfig({
        FULCRUM_ANALYTICS_DUCKDB_MEMORY_LIMIT: '2GiB',
        FULCRUM_ANALYTICS_DUCKDB_MAX_TEMP_SIZE: '0',
        FULCRUM_ANALYTICS_DUCKDB_THREADS: '1',
      }).duckdbLimits,
    ).toEqual({ memoryLimitBytes: 2 * 1024 ** 3, maxTempDirectorySizeBytes: 0, threads: 1 });
    expect(() => loadAnalyticsConfig({ FULCRUM_ANALYTICS_DUCKDB_MEMORY_LIMIT: '16MiB' })).toThrow(/FULCRUM_ANALYTICS_DUCKDB_MEMORY_LIMIT/);
    expect(() => loadAnalyticsConfig({ FULCRUM_ANALYTICS_DUCKDB_THREADS: '0' })).toThrow(/FULCRUM_ANALYTICS_DUCKDB_THREADS/);
  });
});
