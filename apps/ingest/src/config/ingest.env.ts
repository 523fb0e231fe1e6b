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
}

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
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    host: readString(env, 'FULCRUM_INGEST_HOST', '127.0.0.1'),
    port: readPort(env, 'FULCRUM_INGEST_PORT', 8100),
    databaseUrl: databaseUrl ? readUrl(env, 'FULCRUM_INGEST_DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    embeddedDatabaseDir: join(dataDir, 'pg', 'ingest'),
    httpRequestTimeoutMs,
    httpHeadersTimeoutMs,
  };
}
