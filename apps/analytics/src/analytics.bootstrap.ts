import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import { QUEUE_GROUPS } from '@fulcrum/contracts';
import { RequestAwareLogger, RequestEnvelopeInterceptor, awaitMicroserviceSubscriptions, connectNats, natsMicroserviceOptions } from '@fulcrum/messaging';
import { AppModule } from './app.module';
import type { AnalyticsConfig } from './config/analytics.env';
import { DuckDbDatabase } from './duckdb/duckdb.database';

export interface RunningAnalytics {
  app: INestMicroservice;
  close(): Promise<void>;
}

/** Starts the analytics service: DuckDB file, JetStream consumer, and request/reply handlers. */
export async function bootstrapAnalytics(config: AnalyticsConfig): Promise<RunningAnalytics> {
  const db = await DuckDbDatabase.open(config.duckdbPath, config.duckdbLimits);
  db.watchProcessMemory();
  let nc;
  try {
    nc = await connectNats({ url: config.natsUrl, name: 'analytics-consumer' });
  } catch (error) {
    db.close();
    throw error;
  }
  const natsConnection = nc;
  const app = await NestFactory.createMicroservice(AppModule.forRoot(config, natsConnection, db), {
    ...natsMicroserviceOptions(config.natsUrl, QUEUE_GROUPS.analytics),
    logger: new RequestAwareLogger(),
  });
  app.useGlobalInterceptors(new RequestEnvelopeInterceptor());
  try {
    await app.listen();
    await awaitMicroserviceSubscriptions([app]);
  } catch (error) {
    await app.close().catch(() => undefined);
    await natsConnection.close();
    db.close();
    throw error;
  }
  return {
    app,
    async close() {
      await app.close();
      if (!natsConnection.isClosed()) await natsConnection.drain();
      db.close();
    },
  };
}
