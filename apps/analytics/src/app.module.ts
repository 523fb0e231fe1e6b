import { type DynamicModule, Module } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { AnalysesModule } from './analyses/analyses.module';
import { CatalogModule } from './catalog/catalog.module';
import type { AnalyticsConfig } from './config/analytics.env';
import { DataVersionModule } from './data-version/data-version.module';
import type { DuckDbDatabase } from './duckdb/duckdb.database';
import { EventsModule } from './events/events.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { InsightsModule } from './insights/insights.module';
import { PersonsModule } from './persons/persons.module';
import { SqlSandboxModule } from './sql-sandbox/sql-sandbox.module';

@Module({})
export class AppModule {
  static forRoot(config: AnalyticsConfig, nc: NatsConnection, db: DuckDbDatabase): DynamicModule {
    return { module: AppModule, imports: [InfrastructureModule.forRoot(config, nc, db), EventsModule, CatalogModule, InsightsModule, AnalysesModule, PersonsModule, SqlSandboxModule, DataVersionModule] };
  }
}
