import { join } from 'node:path';
import { type Env, readOptionalString, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';

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
}

export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');

/** 12 s: under the gateway's 15 s request timeout, with room for the reply. */
export const DEFAULT_INSIGHT_TIMEOUT_MS = 12_000;

export function loadAnalyticsConfig(env: Env): AnalyticsConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    duckdbPath: readOptionalString(env, 'FULCRUM_DUCKDB_PATH') ?? join(dataDir, 'analytics.duckdb'),
    maxMessagesPerBatch: readPositiveInt(env, 'FULCRUM_ANALYTICS_MAX_MESSAGES_PER_BATCH', 500),
    insightTimeoutMs: readPositiveInt(env, 'FULCRUM_ANALYTICS_INSIGHT_TIMEOUT_MS', DEFAULT_INSIGHT_TIMEOUT_MS),
  };
}
