import { resolve } from 'node:path';
import { ConfigError, type Env, readOptionalString, readPort, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';
import { MAX_REPLICAS, REPLICA_VARIABLES, type ReplicatedService } from './launcher.replicas';
import type { PlatformOptions } from './platform.launcher';

/** Variables passed through to the services when set (production switches). */
const PASS_THROUGH = [
  'FULCRUM_INGEST_DATABASE_URL',
  'FULCRUM_GATEWAY_DATABASE_URL',
  'FULCRUM_GOVERNANCE_DATABASE_URL',
  'FULCRUM_BACKLOG_DATABASE_URL',
  'FULCRUM_PROMOTION_AUDIT_MAX_AGE_DAYS',
  'FULCRUM_DUCKDB_PATH',
  'FULCRUM_ANALYTICS_MAX_MESSAGES_PER_BATCH',
  'FULCRUM_ANALYTICS_INSIGHT_TIMEOUT_MS',
  'FULCRUM_ANALYTICS_DUCKDB_MEMORY_LIMIT',
  'FULCRUM_ANALYTICS_DUCKDB_MAX_TEMP_SIZE',
  'FULCRUM_ANALYTICS_DUCKDB_THREADS',
  'FULCRUM_INGEST_HTTP_REQUEST_TIMEOUT_MS',
  'FULCRUM_INGEST_HTTP_HEADERS_TIMEOUT_MS',
  'FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND',
  'FULCRUM_INGEST_RATE_LIMIT_BURST',
  'FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS',
  'FULCRUM_GATEWAY_HTTP_HEADERS_TIMEOUT_MS',
  'FULCRUM_GATEWAY_SESSION_IDLE_SECONDS',
  'FULCRUM_GATEWAY_SESSION_ABSOLUTE_SECONDS',
  'FULCRUM_GATEWAY_SECURE_COOKIE',
  'FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_EMAIL',
  'FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_ADDRESS',
  'FULCRUM_GATEWAY_LOGIN_FAILURE_WINDOW_SECONDS',
  'FULCRUM_GRAPHQL_INTROSPECTION',
];

/**
 * `npm run up` configuration from the environment, validated. `FULCRUM_INGEST_REPLICAS` /
 * `FULCRUM_GATEWAY_REPLICAS` (default 1) start that many processes on consecutive ports from
 * `FULCRUM_INGEST_PORT` / `FULCRUM_GATEWAY_PORT`; more than one needs the service's database URL
 * (checked by `startPlatform` before it starts anything: `planReplicas`).
 */
export function loadLauncherOptions(env: Env, rootDir: string): PlatformOptions {
  const natsUrl = readOptionalString(env, 'NATS_URL');
  const serviceEnv: NodeJS.ProcessEnv = {};
  for (const name of PASS_THROUGH) if (env[name]) serviceEnv[name] = env[name];
  return {
    rootDir,
    dataDir: resolve(rootDir, readString(env, 'FULCRUM_DATA_DIR', '.fulcrum')),
    host: readString(env, 'FULCRUM_HOST', '127.0.0.1'),
    natsPort: readPort(env, 'FULCRUM_NATS_PORT', 4222),
    ingestPort: readPort(env, 'FULCRUM_INGEST_PORT', 8100),
    gatewayPort: readPort(env, 'FULCRUM_GATEWAY_PORT', 8000),
    ingestReplicas: readReplicas(env, 'ingest'),
    gatewayReplicas: readReplicas(env, 'gateway'),
    natsUrl: natsUrl ? readUrl(env, 'NATS_URL', ['nats:', 'tls:']) : undefined,
    serviceEnv,
  };
}

function readReplicas(env: Env, service: ReplicatedService): number {
  const name = REPLICA_VARIABLES[service].replicas;
  const replicas = readPositiveInt(env, name, 1);
  if (replicas > MAX_REPLICAS) throw new ConfigError(`${name} must be at most ${MAX_REPLICAS}, got "${env[name]}"`);
  return replicas;
}
