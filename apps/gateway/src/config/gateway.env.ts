import { join } from 'node:path';
import { type Env, ConfigError, HTTP_HARDENING_DEFAULTS, readOptionalString, readPort, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';

export interface GatewayConfig {
  natsUrl: string;
  host: string;
  port: number;
  databaseUrl?: string;
  embeddedDatabaseDir: string;
  /** When set, an admin API token with this value exists (used by `npm run up` on first start). */
  bootstrapAdminToken?: string;
  /**
   * Longest a client may take to send a whole HTTP request, headers and body (408 REQUEST_TIMEOUT
   * past it). Not the time the gateway takes to answer. `loadGatewayConfig` always sets it; left out
   * (tests), the default applies.
   */
  httpRequestTimeoutMs?: number;
  /** Longest a client may take to send the request headers (408 REQUEST_TIMEOUT); at most `httpRequestTimeoutMs`. */
  httpHeadersTimeoutMs?: number;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(env: Env): GatewayConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  const databaseUrl = readOptionalString(env, 'FULCRUM_GATEWAY_DATABASE_URL');
  const bootstrapAdminToken = readOptionalString(env, 'FULCRUM_BOOTSTRAP_ADMIN_TOKEN');
  if (bootstrapAdminToken !== undefined && bootstrapAdminToken.length < 24) {
    throw new ConfigError('FULCRUM_BOOTSTRAP_ADMIN_TOKEN must be at least 24 characters');
  }
  const httpRequestTimeoutMs = readPositiveInt(env, 'FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS', HTTP_HARDENING_DEFAULTS.requestTimeoutMs);
  const httpHeadersTimeoutMs = readPositiveInt(env, 'FULCRUM_GATEWAY_HTTP_HEADERS_TIMEOUT_MS', HTTP_HARDENING_DEFAULTS.headersTimeoutMs);
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs) {
    // The request limit covers the headers too, so a larger headers limit would never apply.
    throw new ConfigError(
      `FULCRUM_GATEWAY_HTTP_HEADERS_TIMEOUT_MS (${httpHeadersTimeoutMs}) must not exceed FULCRUM_GATEWAY_HTTP_REQUEST_TIMEOUT_MS (${httpRequestTimeoutMs})`,
    );
  }
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    host: readString(env, 'FULCRUM_GATEWAY_HOST', '127.0.0.1'),
    port: readPort(env, 'FULCRUM_GATEWAY_PORT', 8000),
    databaseUrl: databaseUrl ? readUrl(env, 'FULCRUM_GATEWAY_DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    embeddedDatabaseDir: join(dataDir, 'pg', 'gateway'),
    bootstrapAdminToken,
    httpRequestTimeoutMs,
    httpHeadersTimeoutMs,
  };
}
