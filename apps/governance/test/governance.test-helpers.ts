import { randomUUID } from 'node:crypto';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { DataSource } from 'typeorm';
import { type AuditTrailEntryDto, CONSUMERS, type Page, RPC, STREAMS } from '@fulcrum/contracts';
import { type RequestEnvelope, RpcClient, natsClientOptions, newRequestId, newTraceparent } from '@fulcrum/messaging';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type DatabaseKind, type TempDir, type TestNats, makeTempDir, startTestDatabase, startTestNats, testEnvelope } from '@fulcrum/testing';
import { DEFAULT_PROMOTION_AUDIT_MAX_AGE_DAYS, type GovernanceConfig } from '../src/config/governance.env';
import { type RunningGovernance, bootstrapGovernance } from '../src/governance.bootstrap';

/** Who calls in the tests: actor ids as the gateway sends them (`user:<uuid>`), with display names. */
export const ACTORS = {
  ana: { actorId: 'user:0b7c6f1e-0000-4000-8000-0000000000a1', actorName: 'Ana Analyst' },
  ben: { actorId: 'user:0b7c6f1e-0000-4000-8000-0000000000b2', actorName: 'Ben Builder' },
  cleo: { actorId: 'user:0b7c6f1e-0000-4000-8000-0000000000c3', actorName: 'Cleo Compliance' },
} as const;
export type TestActor = (typeof ACTORS)[keyof typeof ACTORS];

/** A fresh request envelope of `actor`: pass as `env.rpc.request(subject, payload, as(ACTORS.ben))`. */
export function as(actor: { actorId: string; actorName?: string }): { envelope: RequestEnvelope } {
  return { envelope: { ...actor, requestId: newRequestId(), traceparent: newTraceparent() } };
}

/** The entry `seq` of a project's trail (through a proof, which also says the tree size). */
export async function trailEntry(rpc: RpcClient, projectId: string, seq: number): Promise<AuditTrailEntryDto> {
  return (await rpc.request(RPC.governanceAuditProofGet, { projectId, seq })).entry;
}

/** The current size of the whole tree: the signed head of a proof of one of `projectId`'s entries. */
export async function treeSize(rpc: RpcClient, projectId: string, anySeqOfProject: number): Promise<number> {
  return (await rpc.request(RPC.governanceAuditProofGet, { projectId, seq: anySeqOfProject })).treeHead.treeSize;
}

/** A new project id (governance does not know projects: any UUID names one). */
export function newProjectId(): string {
  return randomUUID();
}

/** Every item of a paged list, following `after` cursors; checks that the pages add up to totalCount. */
export async function allPages<T>(fetch: (after: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  let total: number | undefined;
  for (;;) {
    const page = await fetch(after);
    if (total !== undefined && page.totalCount !== total) throw new Error(`totalCount changed from ${total} to ${page.totalCount} while paging`);
    total = page.totalCount;
    items.push(...page.edges.map((e) => e.node));
    if (!page.hasNextPage) break;
    after = page.edges[page.edges.length - 1]?.cursor;
  }
  if (items.length !== total) throw new Error(`paged ${items.length} items, totalCount says ${total}`);
  return items;
}

/** Until the durable decisions consumer has acknowledged everything published on stream DECISIONS so far. */
export async function decisionsDrained(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const info = await jsm.consumers.info(STREAMS.decisions.name, CONSUMERS.governanceDecisions).catch(() => undefined);
    const last = (await jsm.streams.info(STREAMS.decisions.name)).state.last_seq;
    if (info && info.num_pending === 0 && info.num_ack_pending === 0 && info.ack_floor.stream_seq >= last) return;
    if (Date.now() > deadline) throw new Error(`consumer not drained: ${JSON.stringify(info?.ack_floor)} of ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A service publishing decisions by itself (no display name). */
export const SCORER = { actorId: 'service:scorer' } as const;

/** A project's whole audit trail (oldest first), page by page. */
export function projectTrail(rpc: RpcClient, projectId: string): Promise<AuditTrailEntryDto[]> {
  return allPages((after) => rpc.request(RPC.governanceAuditTrailList, { projectId, first: 1_000, ...(after && { after }) }));
}

/** A governance service on a real nats-server and a real database, with a typed RPC client. */
export interface GovernanceTestEnv {
  nats: TestNats;
  config: GovernanceConfig;
  governance: RunningGovernance;
  rpc: RpcClient;
  /** A plain client connection, e.g. to publish on JetStream streams. */
  nc: NatsConnection;
  /** The service's own DataSource (on PGlite the only connection: never hold it across an RPC). */
  dataSource(): DataSource;
  /** Stops the service, runs `whileDown`, and starts it again on the same database and nats-server. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts nats-server, the database and the service. On `pglite` the service opens its embedded
 * PGlite in a temp folder itself, exactly as `npm run up` does: that is what gives it a pool of
 * ONE connection (PGlite's socket server accepts one client; a URL is treated as an external
 * server with a pool of ten, whose second connection the socket server refuses). On `postgres`
 * it gets a fresh database of the server in FULCRUM_TEST_DATABASE_URL.
 */
export async function startGovernanceTestEnv(
  kind: DatabaseKind,
  overrides: Partial<GovernanceConfig> = {},
  /** Runs on the service's database before the service first starts (e.g. to lay down an older schema with data). */
  beforeStart?: (config: GovernanceConfig) => Promise<void>,
): Promise<GovernanceTestEnv> {
  const nats = await startTestNats();
  const dir: TempDir = makeTempDir('fulcrum-governance-');
  let db: ResolvedDatabase | undefined;
  let governance: RunningGovernance | undefined;
  let nc: NatsConnection | undefined;
  let proxy: ClientProxy | undefined;
  try {
    db = kind === 'postgres' ? await startTestDatabase('postgres') : undefined;
    const config: GovernanceConfig = {
      natsUrl: nats.url,
      databaseUrl: db?.url,
      embeddedDatabaseDir: dir.path,
      promotionAuditMaxAgeDays: DEFAULT_PROMOTION_AUDIT_MAX_AGE_DAYS,
      ...overrides,
    };
    await beforeStart?.(config);
    governance = await bootstrapGovernance(config);
    nc = await connect({ servers: nats.url });
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'governance-test') });
    const env: GovernanceTestEnv = {
      nats,
      config,
      governance,
      // Acts as `service:test` unless a call passes its own envelope (options.envelope or runWithEnvelope).
      rpc: new RpcClient(proxy, 10_000, { defaultEnvelope: testEnvelope }),
      nc,
      dataSource: () => env.governance.app.get(DataSource, { strict: false }),
      async restart(whileDown) {
        await env.governance.close();
        await whileDown?.();
        env.governance = await bootstrapGovernance(config);
      },
      async stop() {
        await proxy?.close();
        await env.governance.close();
        await nc?.close();
        await db?.stop();
        await nats.stop();
        dir.remove();
      },
    };
    return env;
  } catch (error) {
    await proxy?.close();
    await governance?.close().catch(() => undefined);
    await nc?.close();
    await db?.stop();
    await nats.stop();
    dir.remove();
    throw error;
  }
}
