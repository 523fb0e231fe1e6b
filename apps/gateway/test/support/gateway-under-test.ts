import { join } from 'node:path';
import { type NatsConnection, connect } from 'nats';
import { type TempDir, type TestNats, makeTempDir, startTestNats } from '@fulcrum/testing';
import type { GatewayConfig } from '../../src/config/gateway.env';
import { type RunningGateway, bootstrapGateway } from '../../src/gateway.bootstrap';

/** A gateway as the integration specs run it: a real nats-server, an embedded database in a temp folder. */
export interface GatewayUnderTest {
  nats: TestNats;
  dir: TempDir;
  gateway: RunningGateway;
  /** The spec's own NATS connection: fakes of the downstream services answer on it. */
  nc: NatsConnection;
  /** One more gateway on the same NATS, with its own embedded database (closed by `stop`). */
  startAnother(overrides?: Partial<GatewayConfig>): Promise<RunningGateway>;
  /** Closes the spec's connection, every gateway, NATS, and removes the folder. */
  stop(): Promise<void>;
}

export async function startGatewayUnderTest(overrides: Partial<GatewayConfig> = {}): Promise<GatewayUnderTest> {
  const nats = await startTestNats();
  const dir = makeTempDir('fulcrum-gateway-');
  const gateways: RunningGateway[] = [];
  const startAnother = async (more: Partial<GatewayConfig> = {}): Promise<RunningGateway> => {
    const gateway = await bootstrapGateway({
      natsUrl: nats.url,
      host: '127.0.0.1',
      port: 0,
      embeddedDatabaseDir: join(dir.path, `pg-${gateways.length}`),
      ...more,
    });
    gateways.push(gateway);
    return gateway;
  };
  let nc: NatsConnection | undefined;
  try {
    const gateway = await startAnother(overrides);
    nc = await connect({ servers: nats.url });
    const connection = nc;
    return {
      nats,
      dir,
      gateway,
      nc: connection,
      startAnother,
      async stop() {
        await connection.close();
        for (const running of gateways) await running.close();
        await nats.stop();
        dir.remove();
      },
    };
  } catch (error) {
    await nc?.close();
    for (const running of gateways) await running.close();
    await nats.stop();
    dir.remove();
    throw error;
  }
}
