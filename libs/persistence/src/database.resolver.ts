import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { startEmbeddedPostgres } from './embedded-postgres';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  /** External PostgreSQL (`postgres://…`). When absent, an embedded PGlite is started. */
  url?: string;
  /** Folder of the embedded database (or `memory://`). Used only without `url`. */
  embeddedDataDir: string;
}

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded server (no-op for an external one). Call after the DataSource is closed. */
  stop(): Promise<void>;
}

/** Decides between an external PostgreSQL and the embedded default, starting the latter. */
export async function resolveDatabase(settings: DatabaseSettings): Promise<ResolvedDatabase> {
  if (settings.url) return { url: settings.url, embedded: false, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres(settings.embeddedDataDir);
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}

export interface DataSourceSpec {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/**
 * TypeORM options shared by every service: migrations (never `synchronize`), snake_case names,
 * `pgcrypto` for uuids (PGlite has `gen_random_uuid()`, not `uuid-ossp`), a pool of one on PGlite.
 */
export function buildDataSourceOptions(db: ResolvedDatabase, spec: DataSourceSpec): DataSourceOptions {
  return {
    type: 'postgres',
    url: db.url,
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: db.embedded ? 1 : 10, connectionTimeoutMillis: 10_000 },
    logging: ['error', 'warn', 'migration'],
  };
}
