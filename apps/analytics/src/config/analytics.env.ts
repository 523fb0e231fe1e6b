import { join } from 'node:path';
import { ConfigError, type Env, readOptionalString, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';
import type { DuckDbLimitOverrides } from '../duckdb/duckdb.limits';

export interface AnalyticsConfig {
  natsUrl: string;
  /** The DuckDB file; only this process may open it read-write. */
  duckdbPath: string;
  /** Most JetStream messages applied in one DuckDB transaction. */
  maxMessagesPerBatch: number;
  /**
   * Time limit of one insight (ms): past it the DuckDB query is interrupted and the caller gets
   * INSIGHT_TIMEOUT, before the gateway's 15 s request timeout, so no work outlives its request.
   * Default DEFAULT_INSIGHT_TIMEOUT_MS.
   */
  insightTimeoutMs?: number;
  /**
   * DuckDB's memory limit, spill limit and threads; what is not set gets the defaults of
   * `duckdb/duckdb.limits.ts` (docs/operator-guide.md "DuckDB limits").
   */
  duckdbLimits?: DuckDbLimitOverrides;
}

export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');

/** 12 s: under the gateway's 15 s request timeout, with room for the reply. */
export const DEFAULT_INSIGHT_TIMEOUT_MS = 12_000;

/** Smallest `memory_limit` accepted: below it DuckDB cannot hold the writer's index and batches. */
const MIN_DUCKDB_MEMORY_BYTES = 64 * 1024 * 1024;

export function loadAnalyticsConfig(env: Env): AnalyticsConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  const memoryLimitBytes = readByteSize(env, 'FULCRUM_ANALYTICS_DUCKDB_MEMORY_LIMIT', MIN_DUCKDB_MEMORY_BYTES);
  const maxTempDirectorySizeBytes = readByteSize(env, 'FULCRUM_ANALYTICS_DUCKDB_MAX_TEMP_SIZE', 0);
  const threads = readOptionalString(env, 'FULCRUM_ANALYTICS_DUCKDB_THREADS') === undefined ? undefined : readPositiveInt(env, 'FULCRUM_ANALYTICS_DUCKDB_THREADS', 1);
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    duckdbPath: readOptionalString(env, 'FULCRUM_DUCKDB_PATH') ?? join(dataDir, 'analytics.duckdb'),
    maxMessagesPerBatch: readPositiveInt(env, 'FULCRUM_ANALYTICS_MAX_MESSAGES_PER_BATCH', 500),
    insightTimeoutMs: readPositiveInt(env, 'FULCRUM_ANALYTICS_INSIGHT_TIMEOUT_MS', DEFAULT_INSIGHT_TIMEOUT_MS),
    duckdbLimits: {
      ...(memoryLimitBytes !== undefined && { memoryLimitBytes }),
      ...(maxTempDirectorySizeBytes !== undefined && { maxTempDirectorySizeBytes }),
      ...(threads !== undefined && { threads }),
    },
  };
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * A size such as `512MiB`, `4GB` or `1073741824` (bytes), with DuckDB's units: KB/MB/GB/TB are
 * powers of 1000, KiB/MiB/GiB/TiB powers of 1024. Undefined when the variable is absent or empty.
 */
export function readByteSize(env: Env, name: string, min: number): number | undefined {
  const raw = readOptionalString(env, name);
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = m?.[2].toLowerCase() || 'b';
  const factor = UNITS[unit];
  if (!m || factor === undefined) throw new ConfigError(`${name} must be a size such as 512MiB, 4GB or a number of bytes, got "${raw}"`);
  const bytes = Math.floor(Number(m[1]) * factor);
  if (!Number.isSafeInteger(bytes) || bytes < min) throw new ConfigError(`${name} must be at least ${min} bytes, got "${raw}"`);
  return bytes;
}
