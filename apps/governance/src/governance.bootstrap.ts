import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { QUEUE_GROUPS } from '@fulcrum/contracts';
import { RequestAwareLogger, RequestEnvelopeInterceptor, awaitMicroserviceSubscriptions, connectNats, natsMicroserviceOptions } from '@fulcrum/messaging';
import { resolveDatabase } from '@fulcrum/persistence';
import { AppModule } from './app.module';
import type { GovernanceConfig } from './config/governance.env';

export interface RunningGovernance {
  app: INestMicroservice;
  close(): Promise<void>;
}

/** Starts the governance service: its database, JetStream consumers and request/reply handlers. */
export async function bootstrapGovernance(config: GovernanceConfig): Promise<RunningGovernance> {
  const db = await resolveDatabase({ url: config.databaseUrl, embeddedDataDir: config.embeddedDatabaseDir });
  let nc;
  try {
    nc = await connectNats({ url: config.natsUrl, name: 'governance' });
  } catch (error) {
    await db.stop();
    throw error;
  }
  const natsConnection = nc;
  let app: INestMicroservice | undefined;
  try {
    app = await NestFactory.createMicroservice(AppModule.forRoot(config, natsConnection, db), {
      ...natsMicroserviceOptions(config.natsUrl, QUEUE_GROUPS.governance),
      logger: new RequestAwareLogger(),
    });
    app.useGlobalInterceptors(new RequestEnvelopeInterceptor());
    await app.listen();
    await awaitMicroserviceSubscriptions([app]);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await natsConnection.close();
    await db.stop();
    throw error;
  }
  const running = app;
  return {
    app: running,
    async close() {
      await running.close();
      if (!natsConnection.isClosed()) await natsConnection.drain();
      await db.stop();
    },
  };
}
