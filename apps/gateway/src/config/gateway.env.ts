import { join } from 'node:path';
import { type Env, ConfigError, HTTP_HARDENING_DEFAULTS, readOptionalString, readPort, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';
import { type AuthSettings, loadAuthSettings, loadBootstrapAdmin } from './auth.env';

export interface GatewayConfig {
  natsUrl: string;
  host: string;
  port: number;
  databaseUrl?: string;
  embeddedDatabaseDir: string;
  /** When set, an admin API token with this value exists (used by `npm run up` on first start). */
  bootstrapAdminToken?: string;
  /**
   * The launcher's instance admin: made to exist at start-up with this password, which is set only
   * when the user has none (never overwritten); the bootstrap token belongs to this user.
   */
  bootstrapAdmin?: { email: string; password: string };
  /** Sessions, cookie and login limits; left out (tests), the defaults of auth.env.ts apply. */
  auth?: Partial<AuthSettings>;
  /**
   * Longest a client may take to send a whole HTTP request, headers and body (408 REQUEST_TIMEOUT
   * past it). Not the time the gateway takes to answer. `loadGatewayConfig` always sets it; left out
   * (tests), the default applies.
   */
  httpRequestTimeoutMs?: number;
  /** Longest a client may take to send the request headers (408 REQUEST_TIMEOUT); at most `httpRequestTimeoutMs`. */
  httpHeadersTimeoutMs?: number;
  /**
   * Whether GraphQL introspection (`__schema`, `__type`) is answered; when false it is refused with
   * INTROSPECTION_DISABLED (GraphiQL still loads, without schema docs or completion). `loadGatewayConfig`
   * always sets it; left out (tests), introspection is on.
   */
  graphqlIntrospection?: boolean;
  /**
   * Whether the gateway moves governance rows from before projects into the installation's first
   * project after start-up (governance/unscoped-governance.adopter.ts). `loadGatewayConfig` always
   * sets it (FULCRUM_GATEWAY_ADOPT_UNSCOPED_GOVERNANCE, default true); left out (tests with fake
   * services, which must not see its background requests), it is off.
   */
  adoptUnscopedGovernance?: boolean;
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
    bootstrapAdmin: loadBootstrapAdmin(env),
    auth: loadAuthSettings(env),
    httpRequestTimeoutMs,
    httpHeadersTimeoutMs,
    graphqlIntrospection: readBoolean(env, 'FULCRUM_GRAPHQL_INTROSPECTION', true),
    adoptUnscopedGovernance: readBoolean(env, 'FULCRUM_GATEWAY_ADOPT_UNSCOPED_GOVERNANCE', true),
  };
}

/** `true` or `false`; unset or empty: `fallback`. Anything else (`1`, `yes`, `False`) stops the start. */
function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}
