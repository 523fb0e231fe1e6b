import { join } from 'node:path';
import { type Env, readOptionalString, readPositiveInt, readString, readUrl } from '@fulcrum/messaging';

export interface GovernanceConfig {
  natsUrl: string;
  /** External PostgreSQL; when absent an embedded PGlite under `embeddedDatabaseDir` is used. */
  databaseUrl?: string;
  embeddedDatabaseDir: string;
  /** Promotion gate: `production` needs a PASSED audit of the version no older than this. */
  promotionAuditMaxAgeDays: number;
}

export const GOVERNANCE_CONFIG = Symbol('GOVERNANCE_CONFIG');

export const DEFAULT_PROMOTION_AUDIT_MAX_AGE_DAYS = 90;

export function loadGovernanceConfig(env: Env): GovernanceConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  const databaseUrl = readOptionalString(env, 'FULCRUM_GOVERNANCE_DATABASE_URL');
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    databaseUrl: databaseUrl ? readUrl(env, 'FULCRUM_GOVERNANCE_DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    embeddedDatabaseDir: join(dataDir, 'pg', 'governance'),
    promotionAuditMaxAgeDays: readPositiveInt(env, 'FULCRUM_PROMOTION_AUDIT_MAX_AGE_DAYS', DEFAULT_PROMOTION_AUDIT_MAX_AGE_DAYS),
  };
}

