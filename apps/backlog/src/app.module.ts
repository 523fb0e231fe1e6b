import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NatsConnection } from 'nats';
import { type ResolvedDatabase, buildDataSourceOptions } from '@fulcrum/persistence';
import { ACTIVITY_MIGRATIONS } from './activity/activity.schema';
import { EvidenceModule } from './evidence/evidence.module';
import { EVIDENCE_MIGRATIONS } from './evidence/evidence.schema';
import type { BacklogConfig } from './config/backlog.env';
import { GraphModule } from './graph/graph.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { ItemStoreModule } from './items/item-store.module';
import { ItemsModule } from './items/items.module';
import { ITEMS_MIGRATIONS } from './items/items.schema';
import { LinksModule } from './links/links.module';
import { LINKS_MIGRATIONS } from './links/links.schema';
import { SuccessMetricsModule } from './success-metrics/success-metrics.module';
import { SUCCESS_METRICS_MIGRATIONS } from './success-metrics/success-metrics.schema';
import { TRACKS_MIGRATIONS } from './tracks/tracks.schema';

/**
 * The backlog service. Each feature module owns its tables (migrations listed in its
 * `*.schema.ts`; the SQL is hand-written and parameterised, so there are no entities) and offers
 * the others only what ItemStoreModule exports and the ACCEPTANCE_GATE port.
 */
@Module({})
export class AppModule {
  static forRoot(config: BacklogConfig, nc: NatsConnection, db: ResolvedDatabase, extraImports: Array<Type | DynamicModule> = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, nc),
        TypeOrmModule.forRoot(
          buildDataSourceOptions(db, {
            entities: [],
            migrations: [...ITEMS_MIGRATIONS, ...TRACKS_MIGRATIONS, ...ACTIVITY_MIGRATIONS, ...LINKS_MIGRATIONS, ...EVIDENCE_MIGRATIONS, ...SUCCESS_METRICS_MIGRATIONS],
          }),
        ),
        ItemStoreModule,
        ItemsModule,
        LinksModule,
        GraphModule,
        ...extraImports,
        // After the extras: a test's stand-in ACCEPTANCE_GATE (registered first) is the one resolved.
        EvidenceModule,
        SuccessMetricsModule,
      ],
    };
  }
}
