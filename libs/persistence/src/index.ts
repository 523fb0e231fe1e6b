export { startEmbeddedPostgres } from './embedded-postgres';
export type { EmbeddedPostgres } from './embedded-postgres';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { buildDataSourceOptions, resolveDatabase } from './database.resolver';
export type { DataSourceSpec, DatabaseSettings, ResolvedDatabase } from './database.resolver';
export { TRUST_WINDOW_MAX_ENTRIES, TRUST_WINDOW_MS, TrustWindowCache } from './trust-window.cache';
export type { TrustWindowCacheOptions } from './trust-window.cache';
