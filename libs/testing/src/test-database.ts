import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type ResolvedDatabase, startEmbeddedPostgres } from '@fulcrum/persistence';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The database engines persistence tests run against: always embedded PGlite, plus the
 * PostgreSQL server in `FULCRUM_TEST_DATABASE_URL` when set (CI sets it).
 */
export function databaseKinds(): DatabaseKind[] {
  return process.env['FULCRUM_TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * The engines for tests where several clients share one database at once (service replicas, a
 * service with a pool beside the test's own connection): PostgreSQL only. PGlite's socket server
 * interleaves the protocol messages of its connections (an unnamed prepared statement of one can
 * be replaced by another's, "portal does not exist"), so sharing it is not what production does
 * either: replicas need PostgreSQL (docs/operator-guide.md). Empty without
 * `FULCRUM_TEST_DATABASE_URL`: use `describeOnSharedDatabases`, which then skips, named.
 */
export function sharedDatabaseKinds(): DatabaseKind[] {
  return databaseKinds().filter((kind) => kind === 'postgres');
}

type SuiteOf = (name: string, fn: (kind: DatabaseKind) => void) => void;
/** The part of Jest's `describe` used here (libs/testing is also built without Jest's types). */
interface JestDescribe {
  each(table: DatabaseKind[]): SuiteOf;
  skip: { each(table: DatabaseKind[]): SuiteOf };
}

/** `describe.each` over `sharedDatabaseKinds()`, or one skipped `postgres` suite when there is none. */
export function describeOnSharedDatabases(): SuiteOf {
  const describe = (globalThis as unknown as { describe: JestDescribe }).describe;
  const kinds = sharedDatabaseKinds();
  return (name, fn) => (kinds.length > 0 ? describe.each(kinds)(name, fn) : describe.skip.each(['postgres'])(name, fn));
}

/**
 * A fresh, empty database of the given kind; `stop()` drops it. `maxConnections` (PGlite) lets
 * several clients share it, e.g. two gateway replicas.
 */
export async function startTestDatabase(kind: DatabaseKind = 'pglite', options: { maxConnections?: number } = {}): Promise<ResolvedDatabase> {
  if (kind === 'pglite') {
    const embedded = await startEmbeddedPostgres('memory://', options);
    return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
  }
  const adminUrl = process.env['FULCRUM_TEST_DATABASE_URL'];
  if (!adminUrl) throw new Error('FULCRUM_TEST_DATABASE_URL is not set');
  const name = `fulcrum_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    stop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
