import { join } from 'node:path';
import { type Env, readOptionalString, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';

export interface BacklogConfig {
  natsUrl: string;
  /** External PostgreSQL; when absent an embedded PGlite under `embeddedDatabaseDir` is used. */
  databaseUrl?: string;
  embeddedDatabaseDir: string;
  /** While an audit action is unpublished (AUDIT stream unreachable), try again this often. */
  auditRetryMs: number;
  /** Timeout of the RPCs this service makes (reading a project's key from ingest). */
  rpcTimeoutMs: number;
  /**
   * Live success-metric re-evaluation: a delivered item is re-evaluated when the analytics data
   * version has advanced, at most once per this many seconds (default
   * DEFAULT_METRIC_REEVALUATION_INTERVAL_SECONDS).
   */
  metricReevaluationIntervalSeconds?: number;
}

export const BACKLOG_CONFIG = Symbol('BACKLOG_CONFIG');

export const DEFAULT_AUDIT_RETRY_MS = 30_000;
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;
export const DEFAULT_METRIC_REEVALUATION_INTERVAL_SECONDS = 300;

export function loadBacklogConfig(env: Env): BacklogConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  const databaseUrl = readOptionalString(env, 'FULCRUM_BACKLOG_DATABASE_URL');
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    databaseUrl: databaseUrl ? readUrl(env, 'FULCRUM_BACKLOG_DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    embeddedDatabaseDir: join(dataDir, 'pg', 'backlog'),
    auditRetryMs: readPositiveInt(env, 'FULCRUM_BACKLOG_AUDIT_RETRY_MS', DEFAULT_AUDIT_RETRY_MS),
    rpcTimeoutMs: readPositiveInt(env, 'FULCRUM_BACKLOG_RPC_TIMEOUT_MS', DEFAULT_RPC_TIMEOUT_MS),
    metricReevaluationIntervalSeconds: readPositiveInt(env, 'FULCRUM_BACKLOG_METRIC_REEVALUATION_INTERVAL_SECONDS', DEFAULT_METRIC_REEVALUATION_INTERVAL_SECONDS),
  };
}
