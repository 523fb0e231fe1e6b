import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { type EventBatchMessage, STREAMS } from '@fulcrum/contracts';
import { RpcClient, natsClientOptions } from '@fulcrum/messaging';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type DatabaseKind, type TempDir, type TestNats, makeTempDir, startTestDatabase, startTestNats, testEnvelope } from '@fulcrum/testing';
import type { IngestConfig } from '../../src/config/ingest.env';
import { type RunningIngest, bootstrapIngest } from '../../src/ingest.bootstrap';

/** An HTTP answer of the collector: status, headers and the JSON body (undefined when not JSON). */
export interface CollectorAnswer {
  status: number;
  headers: Headers;
  json: Record<string, unknown> | undefined;
}

/**
 * What an ingest integration test runs against: a real nats-server, a database of the given kind,
 * an RPC client and a NATS connection of the test, and any number of ingest instances (replicas)
 * on them. `close()` stops everything in reverse order.
 */
export interface IngestStack {
  nats: TestNats;
  db: ResolvedDatabase;
  nc: NatsConnection;
  rpc: RpcClient;
  /** Starts one more ingest replica on the stack's NATS and database. */
  startIngest(overrides?: Partial<IngestConfig>): Promise<RunningIngest>;
  /** Every event the collectors put on the EVENTS stream, in stream order. */
  streamedEvents(): Promise<EventBatchMessage['events']>;
  close(): Promise<void>;
}

export interface IngestStackOptions {
  /**
   * Several ingest replicas (or the test itself, with `pg`) will hold connections to the database at
   * once. PostgreSQL allows that anyway; for PGlite a socket server accepting several connections is
   * started instead of the single-connection one. PGlite runs one statement at a time for all of
   * them, and an unnamed prepared statement of one connection can be replaced by another's between
   * two protocol messages: tests using this must not query from two connections at the same moment.
   */
  sharedDatabase?: boolean;
}

export async function startIngestStack(kind: DatabaseKind, options: IngestStackOptions = {}): Promise<IngestStack> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const dir: TempDir = makeTempDir();
    closers.push(async () => dir.remove());
    const nats = await startTestNats();
    closers.push(() => nats.stop());
    const db = options.sharedDatabase && kind === 'pglite' ? await startSharedPglite() : await startTestDatabase(kind);
    closers.push(() => db.stop());
    const nc = await connect({ servers: nats.url });
    closers.push(() => nc.close());
    const proxy: ClientProxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'test') });
    closers.push(() => proxy.close());
    const rpc = new RpcClient(proxy, 5_000, { defaultEnvelope: testEnvelope });
    const instances: RunningIngest[] = [];
    closers.push(async () => {
      for (const ingest of instances.reverse()) await ingest.close();
    });
    return {
      nats,
      db,
      nc,
      rpc,
      async startIngest(overrides = {}) {
        const ingest = await bootstrapIngest({
          natsUrl: nats.url,
          host: '127.0.0.1',
          port: 0,
          // On PGlite (not shared) ingest runs on its own embedded database, as `npm run up` runs it:
          // with a pool of one connection. Given the test database's URL it would open a pool of
          // ten to a server that takes one, and concurrent queries would break the connection.
          databaseUrl: kind === 'pglite' && !options.sharedDatabase ? undefined : db.url,
          embeddedDatabaseDir: dir.path,
          ...overrides,
        });
        instances.push(ingest);
        return ingest;
      },
      streamedEvents: () => streamedEvents(nc),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Every event on the EVENTS stream, in order (fine for the few hundred events of a test). */
export async function streamedEvents(nc: NatsConnection): Promise<EventBatchMessage['events']> {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info(STREAMS.events.name);
  const events: EventBatchMessage['events'] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(STREAMS.events.name, { seq });
    events.push(...m.json<EventBatchMessage>().events);
  }
  return events;
}

/** POSTs to a collector and reads the answer. */
export async function postTo(baseUrl: string, path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<CollectorAnswer> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', body, headers });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json };
}

/** An in-memory PGlite behind a socket server that accepts several connections (see `sharedDatabase`). */
async function startSharedPglite(): Promise<ResolvedDatabase> {
  const pglite = await PGlite.create();
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    embedded: true,
    async stop() {
      await server.stop();
      await pglite.close();
    },
  };
}
