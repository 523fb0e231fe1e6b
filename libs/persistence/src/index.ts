export { startEmbeddedPostgres } from './embedded-postgres';
export type { EmbeddedPostgres } from './embedded-postgres';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { buildDataSourceOptions, resolveDatabase } from './database.resolver';
export type { DataSourceSpec, DatabaseSettings, ResolvedDatabase } from './database.resolver';
