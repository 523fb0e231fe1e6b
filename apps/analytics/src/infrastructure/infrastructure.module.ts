import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../config/analytics.env';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { NATS_CONNECTION } from './infrastructure.tokens';

/**
 * Config, the NATS connection and the DuckDB file, opened and closed by the bootstrap (outside
 * Nest) so that shutdown order is explicit: stop consuming, then drain NATS, then close DuckDB.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AnalyticsConfig, nc: NatsConnection, db: DuckDbDatabase): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: ANALYTICS_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: nc },
        { provide: DuckDbDatabase, useValue: db },
      ],
      exports: [ANALYTICS_CONFIG, NATS_CONNECTION, DuckDbDatabase],
    };
  }
}
