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
