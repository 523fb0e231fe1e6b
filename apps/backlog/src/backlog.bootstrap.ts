import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { QUEUE_GROUPS } from '@fulcrum/contracts';
import { RequestAwareLogger, RequestEnvelopeInterceptor, awaitMicroserviceSubscriptions, connectNats, natsMicroserviceOptions } from '@fulcrum/messaging';
import { resolveDatabase } from '@fulcrum/persistence';
import { AppModule } from './app.module';
import type { BacklogConfig } from './config/backlog.env';

export interface RunningBacklog {
  app: INestMicroservice;
  close(): Promise<void>;
}

/**
 * Starts the backlog service: its database (migrations run on start), the audit outbox and the
 * request/reply handlers. The service runs as ONE process: its in-memory ordering graphs are kept
 * current by its own writes (the gateway is the replicated tier). `modules` adds modules to the
 * app (tests register their fixtures this way).
 */
export async function bootstrapBacklog(config: BacklogConfig, modules: AppModuleExtras = {}): Promise<RunningBacklog> {
  const db = await resolveDatabase({ url: config.databaseUrl, embeddedDataDir: config.embeddedDatabaseDir });
  let nc;
  try {
    nc = await connectNats({ url: config.natsUrl, name: 'backlog' });
  } catch (error) {
    await db.stop();
    throw error;
  }
  const natsConnection = nc;
  let app: INestMicroservice | undefined;
  try {
    app = await NestFactory.createMicroservice(AppModule.forRoot(config, natsConnection, db, modules.extraImports ?? []), {
      ...natsMicroserviceOptions(config.natsUrl, QUEUE_GROUPS.backlog),
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

export interface AppModuleExtras {
  /** Modules imported beside the app's own (test fixtures such as a stand-in acceptance gate). */
  extraImports?: Array<Type | DynamicModule>;
}
