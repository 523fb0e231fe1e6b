import { join } from 'node:path';
import { type Env, readOptionalString, readPort, readString, readUrl } from '@fulcrum/messaging';

export interface IngestConfig {
  natsUrl: string;
  host: string;
  port: number;
  /** External PostgreSQL; when absent an embedded PGlite under `dataDir` is used. */
  databaseUrl?: string;
  embeddedDatabaseDir: string;
}

export const INGEST_CONFIG = Symbol('INGEST_CONFIG');

export function loadIngestConfig(env: Env): IngestConfig {
  const dataDir = readString(env, 'FULCRUM_DATA_DIR', '.fulcrum');
  const databaseUrl = readOptionalString(env, 'FULCRUM_INGEST_DATABASE_URL');
  return {
    natsUrl: readUrl(env, 'NATS_URL', ['nats:', 'tls:'], 'nats://127.0.0.1:4222'),
    host: readString(env, 'FULCRUM_INGEST_HOST', '127.0.0.1'),
    port: readPort(env, 'FULCRUM_INGEST_PORT', 8100),
    databaseUrl: databaseUrl ? readUrl(env, 'FULCRUM_INGEST_DATABASE_URL', ['postgres:', 'postgresql:']) : undefined,
    embeddedDatabaseDir: join(dataDir, 'pg', 'ingest'),
  };
}
