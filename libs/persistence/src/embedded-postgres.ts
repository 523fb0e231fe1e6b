import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WASM) served on a loopback socket, so the ordinary `pg` driver and
 * TypeORM talk to it exactly as to a PostgreSQL server. `dataDir` is a folder, or `memory://` for tests.
 * PGlite is single-connection: callers must use a pool of one, unless `maxConnections` lets several
 * clients in (tests sharing one database between two services): the socket server then runs their
 * queries one at a time and keeps a client's open transaction to itself.
 */
export async function startEmbeddedPostgres(dataDir: string, options: { maxConnections?: number } = {}): Promise<EmbeddedPostgres> {
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections ?? 1 });
  await server.start();
  const port = portOf(server);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function portOf(server: PGLiteSocketServer): number {
  // After start() the server reports the port the OS assigned to `port: 0`.
  const port = Number(server.getServerConn().split(':').pop());
  if (!Number.isInteger(port) || port <= 0) throw new Error('Could not read the port of the embedded PostgreSQL socket server');
  return port;
}
