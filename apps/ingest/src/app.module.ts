import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type ResolvedDatabase, buildDataSourceOptions } from '@fulcrum/persistence';
import { BrokerModule } from './broker/broker.module';
import { CollectorModule } from './collector/collector.module';
import { IngestConfigModule } from './config/ingest-config.module';
import type { IngestConfig } from './config/ingest.env';
import { CreateProjects1763700000000 } from './migrations/1763700000000-create-projects.migration';
import { AddProjectTimeZone1763800000000 } from './migrations/1763800000000-add-project-time-zone.migration';
import { HashWriteKeys1763900000000 } from './migrations/1763900000000-hash-write-keys.migration';
import { AddProjectKey1765000000000 } from './migrations/1765000000000-add-project-key.migration';
import { CreateTrackingPlan1766100000000 } from './migrations/1766100000000-create-tracking-plan.migration';
import { ProjectEntity } from './projects/project.entity';
import { ProjectsModule } from './projects/projects.module';
import { WriteKeyEntity } from './projects/write-key.entity';
import { TrackingPlanModule } from './tracking-plan/tracking-plan.module';

@Module({})
export class AppModule {
  static forRoot(config: IngestConfig, db: ResolvedDatabase): DynamicModule {
    return {
      module: AppModule,
      imports: [
        IngestConfigModule.forRoot(config),
        TypeOrmModule.forRoot(
          buildDataSourceOptions(db, {
            entities: [ProjectEntity, WriteKeyEntity],
            migrations: [
              CreateProjects1763700000000,
              AddProjectTimeZone1763800000000,
              HashWriteKeys1763900000000,
              AddProjectKey1765000000000,
              CreateTrackingPlan1766100000000,
            ],
          }),
        ),
        BrokerModule,
        ProjectsModule,
        TrackingPlanModule,
        CollectorModule,
      ],
    };
  }
}
