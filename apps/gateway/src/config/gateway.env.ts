import { join } from 'node:path';
import { type Env, ConfigError, readOptionalString, readPort, readString, readUrl } from '@fulcrum/messaging';

export interface GatewayConfig {
  natsUrl: string;
  host: string;
  port: number;
  databaseUrl?: string;
  embeddedDatabaseDir: string;
  /** When set, an admin API token with this value exists (used by `npm run up` on first start). */
  bootstrapAdminToken?: string;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(env: Env): GatewayConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  const databaseUrl = readOptionalString(env, 'FULCRUM_GATEWAY_DATABASE_URL');
  const bootstrapAdminToken = readOptionalString(env, 'FULCRUM_BOOTSTRAP_ADMIN_TOKEN');
  if (bootstrapAdminToken !== undefined && bootstrapAdminToken.length < 24) {
    throw new ConfigError('FULCRUM_BOOTSTRAP_ADMIN_TOKEN must be at least 24 characters');
  }
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    host: readString(env, 'FULCRUM_GATEWAY_HOST', '127.0.0.1'),
    port: readPort(env, 'FULCRUM_GATEWAY_PORT', 8000),
    databaseUrl: databaseUrl ? readUrl(env, 'FULCRUM_GATEWAY_DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    embeddedDatabaseDir: join(dataDir, 'pg', 'gateway'),
    bootstrapAdminToken,
  };
}
