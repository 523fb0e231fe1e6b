import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { resolveDatabase } from '@fulcrum/persistence';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config/gateway.env';
import { redirectBrowsersToGraphiql } from './graphiql/browser-redirect.hook';

/** Largest GraphQL request body accepted. */
export const GATEWAY_BODY_LIMIT_BYTES = 6 * 1024 * 1024;

export interface RunningGateway {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts the gateway: its database (API tokens), GraphQL over HTTP, and the NATS client. */
export async function bootstrapGateway(config: GatewayConfig): Promise<RunningGateway> {
  const db = await resolveDatabase({ url: config.databaseUrl, embeddedDataDir: config.embeddedDatabaseDir });
  // recordDecisions takes up to 10,000 rows per call (a few MiB of JSON); the limit stays below the
  // 8 MiB NATS max_payload the RPC to the governance service travels in.
  const adapter = new FastifyAdapter({ bodyLimit: GATEWAY_BODY_LIMIT_BYTES });
  redirectBrowsersToGraphiql(adapter.getInstance());
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db), adapter);
    app.enableCors({ origin: true });
    await app.listen(config.port, config.host);
  } catch (error) {
    await db.stop();
    throw error;
  }
  const address = adapter.getInstance().server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    url: `http://${config.host}:${port}`,
    async close() {
      await app.close();
      await db.stop();
    },
  };
}
