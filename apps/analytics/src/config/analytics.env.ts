import { join } from 'node:path';
import { type Env, readOptionalString, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';

export interface AnalyticsConfig {
  natsUrl: string;
  /** The DuckDB file; only this process may open it read-write. */
  duckdbPath: string;
  /** Most JetStream messages applied in one DuckDB transaction. */
  maxMessagesPerBatch: number;
}

export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');

export function loadAnalyticsConfig(env: Env): AnalyticsConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    duckdbPath: readOptionalString(env, 'FULCRUM_DUCKDB_PATH') ?? join(dataDir, 'analytics.duckdb'),
    maxMessagesPerBatch: readPositiveInt(env, 'FULCRUM_ANALYTICS_MAX_MESSAGES_PER_BATCH', 500),
  };
}
