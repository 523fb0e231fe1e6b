import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { type NatsConnection, connect } from 'nats';
import { DataSource } from 'typeorm';
import { RpcClient, natsClientOptions } from '@fulcrum/messaging';
import type { ResolvedDatabase } from '@fulcrum/persistence';
import { type DatabaseKind, type TempDir, type TestNats, makeTempDir, startTestDatabase, startTestNats } from '@fulcrum/testing';
import { DEFAULT_PROMOTION_AUDIT_MAX_AGE_DAYS, type GovernanceConfig } from '../src/config/governance.env';
import { type RunningGovernance, bootstrapGovernance } from '../src/governance.bootstrap';

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
export async function startGovernanceTestEnv(kind: DatabaseKind, overrides: Partial<GovernanceConfig> = {}): Promise<GovernanceTestEnv> {
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
    governance = await bootstrapGovernance(config);
    nc = await connect({ servers: nats.url });
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(nats.url, 'governance-test') });
    const env: GovernanceTestEnv = {
      nats,
      config,
      governance,
      rpc: new RpcClient(proxy, 10_000),
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
