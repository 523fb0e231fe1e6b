import { randomUUID } from 'node:crypto';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { DataSource } from 'typeorm';
import { type AuditActionMessageV2, type BacklogItemDto, DomainError, type Page, RPC, type RpcRequest, STREAMS } from '@fulcrum/contracts';
import { ENVELOPE_HEADERS, type RequestEnvelope, RpcClient, decodeActorName, ensureStream, natsClientOptions, newRequestId, newTraceparent } from '@fulcrum/messaging';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type DatabaseKind, FakeResponder, FakeRpcError, type TempDir, type TestNats, makeTempDir, startTestDatabase, startTestNats } from '@fulcrum/testing';
import { BacklogAuditOutbox } from '../../src/activity/backlog-audit.outbox';
import { type RunningBacklog, bootstrapBacklog } from '../../src/backlog.bootstrap';
import { type BacklogConfig, DEFAULT_AUDIT_RETRY_MS } from '../../src/config/backlog.env';
import { NoMetricsAcceptanceGateModule } from './no-metrics-acceptance.gate';

/** Who calls in the tests: actor ids as the gateway sends them, with display names. */
export const ACTORS = {
  pam: { actorId: 'user:7a000000-0000-4000-8000-0000000000a1', actorName: 'Pam PM' },
  dee: { actorId: 'user:7a000000-0000-4000-8000-0000000000d2', actorName: 'Dee Designer' },
  eli: { actorId: 'user:7a000000-0000-4000-8000-0000000000e3', actorName: 'Eli Engineer' },
} as const;
export type TestActor = (typeof ACTORS)[keyof typeof ACTORS];

/** A fresh request envelope of `actor` (default Pam) for `project`: pass as `rpc.request(subject, payload, as(...))`. */
export function as(actor: TestActor = ACTORS.pam, projectId?: string): { envelope: RequestEnvelope } {
  return { envelope: { ...actor, ...(projectId && { projectId }), requestId: newRequestId(), traceparent: newTraceparent() } };
}

export interface BacklogHarnessOptions {
  /**
   * `fixture` registers the no-metrics test gate (items alone); `app` leaves ACCEPTANCE_GATE to
   * the app's own modules (the success-metrics module).
   */
  acceptanceGate?: 'fixture' | 'app';
  config?: Partial<BacklogConfig>;
}

/** The backlog service on a real nats-server and a real database, with ingest faked on NATS. */
export interface BacklogHarness {
  nats: TestNats;
  config: BacklogConfig;
  backlog: RunningBacklog;
  rpc: RpcClient;
  /** A plain client connection (JetStream reads, raw requests). */
  nc: NatsConnection;
  /** Stands in for ingest: answers `ingest.projects.get.v1` for the projects made by `newProject`. */
  ingest: FakeResponder;
  /** A project ingest knows, with this key (default: a fresh unique one). */
  newProject(key?: string): { projectId: string; key: string };
  /** Creates an item as `actor` (defaults filled in). */
  createItem(projectId: string, fields?: Partial<RpcRequest<typeof RPC.backlogItemsCreate>>, actor?: TestActor): Promise<BacklogItemDto>;
  /** Every item of a track's board (all pages). */
  board(projectId: string, track: BacklogItemDto['track'], filters?: Partial<RpcRequest<typeof RPC.backlogBoardGet>>): Promise<BacklogItemDto[]>;
  /** The service's DataSource (on PGlite its only connection: never hold it across an RPC). */
  dataSource(): DataSource;
  outbox(): BacklogAuditOutbox;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let keyCounter = 0;

/**
 * Starts nats-server, the database and the service. On `pglite` the service opens its own
 * embedded PGlite in a temp folder, as `npm run up` does (a pool of one connection); on
 * `postgres` it gets a fresh database of FULCRUM_TEST_DATABASE_URL's server (a pool of ten, so
 * concurrent requests really run concurrently).
 */
export async function startBacklogHarness(kind: DatabaseKind, options: BacklogHarnessOptions = {}): Promise<BacklogHarness> {
  const nats = await startTestNats();
  const dir: TempDir = makeTempDir('fulcrum-backlog-');
  let db: ResolvedDatabase | undefined;
  let backlog: RunningBacklog | undefined;
  let nc: NatsConnection | undefined;
  let proxy: ClientProxy | undefined;
  const extraImports = (options.acceptanceGate ?? 'fixture') === 'fixture' ? [NoMetricsAcceptanceGateModule] : [];
  try {
    db = kind === 'postgres' ? await startTestDatabase('postgres') : undefined;
    const config: BacklogConfig = {
      natsUrl: nats.url,
      databaseUrl: db?.url,
      embeddedDatabaseDir: dir.path,
      auditRetryMs: DEFAULT_AUDIT_RETRY_MS,
      rpcTimeoutMs: 5_000,
      ...options.config,
    };
    nc = await connect({ servers: nats.url });
    const projects = new Map<string, string>();
    const ingest = new FakeResponder(nc).listen('ingest.>');
    ingest.on(RPC.ingestProjectsGet, (data) => {
      const projectId = String(data['projectId']);
      const key = projects.get(projectId);
      if (key === undefined) throw new FakeRpcError({ code: 'PROJECT_NOT_FOUND', message: `No project ${projectId}` });
      return { project: { id: projectId, name: `Project ${key}`, key, createdAt: new Date().toISOString(), timeZone: 'UTC' } };
    });
    backlog = await bootstrapBacklog(config, { extraImports });
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'backlog-test') });
    const rpc = new RpcClient(proxy, 30_000, { defaultEnvelope: () => as().envelope });
    const harness: BacklogHarness = {
      nats,
      config,
      backlog,
      rpc,
      nc,
      ingest,
      newProject(key) {
        const projectKey = key ?? `T${(++keyCounter).toString(36).toUpperCase()}${randomUUID().slice(0, 4).replace(/[^0-9a-f]/g, '0').toUpperCase()}`.slice(0, 10);
        const projectId = randomUUID();
        projects.set(projectId, projectKey);
        return { projectId, key: projectKey };
      },
      async createItem(projectId, fields = {}, actor = ACTORS.pam) {
        const request = { projectId, track: 'PRODUCT', kind: 'FEATURE', title: 'An item', ...fields } as RpcRequest<typeof RPC.backlogItemsCreate>;
        return (await rpc.request(RPC.backlogItemsCreate, request, as(actor))).item;
      },
      async board(projectId, track, filters = {}) {
        const items: BacklogItemDto[] = [];
        let after: string | undefined;
        for (;;) {
          const page: Page<BacklogItemDto> = await rpc.request(RPC.backlogBoardGet, { projectId, track, first: 200, ...filters, ...(after && { after }) });
          items.push(...page.edges.map((e) => e.node));
          if (!page.hasNextPage) return items;
          after = page.edges[page.edges.length - 1]?.cursor;
        }
      },
      dataSource: () => harness.backlog.app.get(DataSource, { strict: false }),
      outbox: () => harness.backlog.app.get(BacklogAuditOutbox, { strict: false }),
      async restart() {
        await harness.backlog.close();
        harness.backlog = await bootstrapBacklog(config, { extraImports });
      },
      async stop() {
        ingest.stop();
        await proxy?.close();
        await harness.backlog.close();
        await nc?.close();
        await db?.stop();
        await nats.stop();
        dir.remove();
      },
    };
    return harness;
  } catch (error) {
    await proxy?.close();
    await backlog?.close().catch(() => undefined);
    await nc?.close();
    await db?.stop();
    await nats.stop();
    dir.remove();
    throw error;
  }
}

/** An audit action read from the AUDIT stream with the headers it carried. */
export interface PublishedAuditAction {
  message: AuditActionMessageV2;
  msgId: string | null;
  actor: string | null;
  actorName: string | null;
  project: string | null;
  requestId: string | null;
}

/** Every message on the AUDIT stream so far, read one by one by sequence (no consumer). */
export async function readAuditStream(nc: NatsConnection): Promise<PublishedAuditAction[]> {
  const jsm = await nc.jetstreamManager();
  await ensureStream(jsm, STREAMS.audit);
  const { state } = await jsm.streams.info(STREAMS.audit.name);
  const out: PublishedAuditAction[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(STREAMS.audit.name, { seq });
    const header = (name: string) => m.header?.get(name) || null;
    out.push({
      message: JSON.parse(new TextDecoder().decode(m.data)) as AuditActionMessageV2,
      msgId: header('Nats-Msg-Id'),
      actor: header(ENVELOPE_HEADERS.actorId),
      actorName: decodeActorName(header(ENVELOPE_HEADERS.actorName) ?? '') || null,
      project: header(ENVELOPE_HEADERS.projectId),
      requestId: header(ENVELOPE_HEADERS.requestId),
    });
  }
  return out;
}

/** The DomainError a request is refused with (fails the test when it succeeds). */
export async function refusal(request: Promise<unknown>): Promise<DomainError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused, it succeeded');
}
