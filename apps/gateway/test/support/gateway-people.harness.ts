import { join } from 'node:path';
import { type NatsConnection, connect } from 'nats';
import { FakeResponder, type TempDir, type TestNats, graphqlCall, makeTempDir, startTestNats } from '@fulcrum/testing';
import type { GatewayConfig } from '../../src/config/gateway.env';
import { type RunningGateway, bootstrapGateway } from '../../src/gateway.bootstrap';
import { FakeIngestProjects } from './fake-ingest';

export const ADMIN_EMAIL = 'admin@localhost';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const ADMIN_TOKEN = 'ful_test_admin_token_people_0123456789abcdef';

export type Credential = { token: string } | { cookie: string; csrfToken?: string } | undefined;

export interface PeopleHarness {
  nats: TestNats;
  nc: NatsConnection;
  ingest: FakeIngestProjects;
  responder: FakeResponder;
  dir: TempDir;
  /** Starts a gateway on the shared NATS (and, with `databaseUrl`, a shared database). */
  startGateway(overrides?: Partial<GatewayConfig>): Promise<RunningGateway>;
  stop(): Promise<void>;
}

/** A real nats-server, an in-memory fake of ingest's project RPCs, and gateways started on demand. */
export async function startPeopleHarness(): Promise<PeopleHarness> {
  const nats = await startTestNats();
  const nc = await connect({ servers: nats.url });
  const responder = new FakeResponder(nc).listen('ingest.>');
  const ingest = new FakeIngestProjects(responder);
  await nc.flush();
  const dir = makeTempDir('fulcrum-people-');
  const gateways: RunningGateway[] = [];
  return {
    nats,
    nc,
    ingest,
    responder,
    dir,
    async startGateway(overrides = {}) {
      const gateway = await bootstrapGateway({
        natsUrl: nats.url,
        host: '127.0.0.1',
        port: 0,
        embeddedDatabaseDir: join(dir.path, `pg-${gateways.length}`),
        bootstrapAdminToken: ADMIN_TOKEN,
        bootstrapAdmin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        ...overrides,
      });
      gateways.push(gateway);
      return gateway;
    },
    async stop() {
      for (const gateway of gateways) await gateway.close();
      responder.stop();
      await nc.close();
      await nats.stop();
      dir.remove();
    },
  };
}

/** GraphQL against one gateway, the answer's first error code flattened for assertions. */
export function gqlOf(gateway: RunningGateway) {
  return async <T = Record<string, unknown>>(credential: Credential, query: string, variables: Record<string, unknown> = {}) => {
    const res = await graphqlCall<T>(`${gateway.url}/graphql`, credential, query, variables);
    return { ...res, code: res.errors?.[0]?.extensions?.['code'] as string | undefined, domainCode: res.errors?.[0]?.extensions?.['domainCode'] as string | undefined };
  };
}

/** Polls until `check` holds (or fails after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
