/**
 * What the backlog benchmark runs: the backlog service as `npm run up` runs it (its own process
 * from dist/, config from env, embedded PGlite under FULCRUM_DATA_DIR by default), a stand-in for
 * ingest on NATS, and the bench's own access to the service's database for the bulk load and the
 * raw baselines — while the service is stopped when that database is the embedded PGlite (one
 * process at a time opens a PGlite folder), beside it on a PostgreSQL server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NatsConnection } from 'nats';
import { Client } from 'pg';
import { DomainError, RPC } from '@fulcrum/contracts';
import type { RpcClient } from '@fulcrum/messaging';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@fulcrum/persistence';
import { FakeResponder } from '@fulcrum/testing';

export interface BenchDatabase {
  /** postgres:// URL the service gets (FULCRUM_BACKLOG_DATABASE_URL), or undefined for its embedded PGlite. */
  serviceUrl: string | undefined;
  /** A `pg` client on the service's database; on PGlite only while the service is stopped. */
  open(): Promise<Client>;
  close(client: Client): Promise<void>;
  /** Drops the run's database (PostgreSQL) unless kept; the embedded folder goes with the temp dir. */
  dispose(keep: boolean): Promise<void>;
  describe: string;
}

/** The embedded PGlite folder the service uses under `dataDir`, served to the bench by its own socket server. */
export function embeddedDatabase(dataDir: string): BenchDatabase {
  const folder = join(dataDir, 'pg', 'backlog');
  let server: EmbeddedPostgres | undefined;
  return {
    serviceUrl: undefined,
    describe: `embedded PGlite (${folder})`,
    async open() {
      server = await startEmbeddedPostgres(folder);
      const client = new Client({ connectionString: server.url });
      await client.connect();
      return client;
    },
    async close(client) {
      await client.end();
      await server?.stop();
      server = undefined;
    },
    async dispose() {
      await server?.stop();
    },
  };
}

/** A fresh database on the PostgreSQL server of `adminUrl`, made for this run. */
export async function serverDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `fulcrum_bench_backlog_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    serviceUrl: url.toString(),
    describe: `PostgreSQL database ${name} on ${url.host}`,
    async open() {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      return client;
    },
    close: (client) => client.end(),
    async dispose(keep) {
      if (keep) return;
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Ingest, as far as the backlog needs it: `ingest.projects.get.v1` answered from the bench with a
 * fixed project (id and key of the generated one). The backlog asks only for a project it does not
 * know yet; the bulk load writes the project row the backlog itself would write after asking, so
 * in a normal run this counts zero calls.
 */
export function fakeIngest(nc: NatsConnection, projectId: string, key: string): FakeResponder {
  return new FakeResponder(nc).listen('ingest.>').on(RPC.ingestProjectsGet, () => ({
    project: { id: projectId, name: 'Backlog benchmark', key, createdAt: new Date(Date.UTC(2024, 0, 1)).toISOString(), timeZone: 'UTC' },
  }));
}

export interface BacklogProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The service from dist/ in its own process; its output goes to `logPath`; `extraEnv` e.g. preloads the profiler. */
export function startBacklogProcess(
  rootDir: string,
  natsUrl: string,
  dataDir: string,
  databaseUrl: string | undefined,
  logPath: string,
  extraEnv: Record<string, string> = {},
): BacklogProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', join(rootDir, 'dist', 'apps', 'backlog', 'src', 'main.js')], {
    env: {
      PATH: process.env['PATH'],
      NATS_URL: natsUrl,
      FULCRUM_DATA_DIR: dataDir,
      ...(databaseUrl ? { FULCRUM_BACKLOG_DATABASE_URL: databaseUrl } : {}),
      NODE_ENV: 'production',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logPath, { flags: 'a' });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`backlog exited unexpectedly (${code ?? signal}); the end of its log:`);
    setTimeout(() => console.error(readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n')), 200);
  });
  return {
    child,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Until the service answers a board request (any domain answer counts: it is listening). */
export async function awaitBacklogReady(rpc: RpcClient, projectId: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      await rpc.request(RPC.backlogBoardGet, { projectId, track: 'PRODUCT', first: 1 }, { timeoutMs: 2_000 });
      return performance.now() - t0;
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'SERVICE_UNAVAILABLE') return performance.now() - t0;
      if (performance.now() - t0 > timeoutMs) throw new Error(`backlog not ready after ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
