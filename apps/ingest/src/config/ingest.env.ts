import { join } from 'node:path';
import { ConfigError, type Env, HTTP_HARDENING_DEFAULTS, readOptionalString, readPort, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';

export interface IngestConfig {
  natsUrl: string;
  host: string;
  port: number;
  /** External PostgreSQL; when absent an embedded PGlite under `dataDir` is used. */
  databaseUrl?: string;
  embeddedDatabaseDir: string;
  /**
   * Longest a client may take to send a whole HTTP request, headers and body (408 REQUEST_TIMEOUT
   * past it); not the time the collector takes to answer. Left out (tests), the default applies.
   */
  httpRequestTimeoutMs?: number;
  /** Longest a client may take to send the request headers (408 REQUEST_TIMEOUT); at most `httpRequestTimeoutMs`. */
  httpHeadersTimeoutMs?: number;
  /** Events per write key this replica accepts (token bucket). Left out (tests), the defaults apply. */
  rateLimit?: IngestRateLimit;
}

/**
 * A token bucket per write key and ingest replica: it refills at `eventsPerSecond` up to `burst`
 * events, and a request costs its number of events. Replicas do not share buckets, so N replicas
 * behind a load balancer accept up to N times these numbers from one key.
 */
export interface IngestRateLimit {
  eventsPerSecond: number;
  burst: number;
}

/** Default limit: one key may use about half of what one replica sustains (docs/performance.md), twice that in a burst. */
export const INGEST_RATE_LIMIT_DEFAULTS: IngestRateLimit = { eventsPerSecond: 20_000, burst: 40_000 };

/** Far above any real limit, small enough that token arithmetic stays exact in a double. */
const MAX_RATE_LIMIT_VALUE = 1_000_000_000;

export const INGEST_CONFIG = Symbol('INGEST_CONFIG');

export function loadIngestConfig(env: Env): IngestConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  const databaseUrl = readOptionalString(env, 'FULCRUM_INGEST_DATABASE_URL');
  const httpRequestTimeoutMs = readPositiveInt(env, 'FULCRUM_INGEST_HTTP_REQUEST_TIMEOUT_MS', HTTP_HARDENING_DEFAULTS.requestTimeoutMs);
  const httpHeadersTimeoutMs = readPositiveInt(env, 'FULCRUM_INGEST_HTTP_HEADERS_TIMEOUT_MS', HTTP_HARDENING_DEFAULTS.headersTimeoutMs);
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs) {
    // The request limit covers the headers too, so a larger headers limit would never apply.
    throw new ConfigError(
      `FULCRUM_INGEST_HTTP_HEADERS_TIMEOUT_MS (${httpHeadersTimeoutMs}) must not exceed FULCRUM_INGEST_HTTP_REQUEST_TIMEOUT_MS (${httpRequestTimeoutMs})`,
    );
  }
  const rateLimit = readRateLimit(env);
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    host: readString(env, 'FULCRUM_INGEST_HOST', '127.0.0.1'),
    port: readPort(env, 'FULCRUM_INGEST_PORT', 8100),
    databaseUrl: databaseUrl ? readUrl(env, 'FULCRUM_INGEST_DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    embeddedDatabaseDir: join(dataDir, 'pg', 'ingest'),
    httpRequestTimeoutMs,
    httpHeadersTimeoutMs,
    rateLimit,
  };
}

/** The burst defaults to twice the rate given (not to the default burst), so setting only the rate scales both. */
function readRateLimit(env: Env): IngestRateLimit {
  const eventsPerSecond = readPositiveInt(env, 'FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND', INGEST_RATE_LIMIT_DEFAULTS.eventsPerSecond);
  const burst = readPositiveInt(env, 'FULCRUM_INGEST_RATE_LIMIT_BURST', Math.min(2 * eventsPerSecond, MAX_RATE_LIMIT_VALUE));
  for (const [name, value] of [
    ['FULCRUM_INGEST_RATE_LIMIT_EVENTS_PER_SECOND', eventsPerSecond],
    ['FULCRUM_INGEST_RATE_LIMIT_BURST', burst],
  ] as const) {
    if (value > MAX_RATE_LIMIT_VALUE) throw new ConfigError(`${name} must be at most ${MAX_RATE_LIMIT_VALUE}, got "${env[name]}"`);
  }
  return { eventsPerSecond, burst };
}
