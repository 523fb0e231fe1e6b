import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NatsConnection } from 'nats';
import { type ResolvedDatabase, buildDataSourceOptions } from '@fulcrum/persistence';
import { AdoptionModule } from './adoption/adoption.module';
import { AUDIT_TRAIL_ENTITIES, AUDIT_TRAIL_MIGRATIONS } from './audit-trail/audit-trail.schema';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { AUDITS_ENTITIES, AUDITS_MIGRATIONS } from './audits/audits.schema';
import { AuditsModule } from './audits/audits.module';
import type { GovernanceConfig } from './config/governance.env';
import { DECISIONS_ENTITIES, DECISIONS_MIGRATIONS } from './decisions/decisions.schema';
import { DecisionsModule } from './decisions/decisions.module';
import { FairnessModule } from './fairness/fairness.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { ProvenanceModule } from './provenance/provenance.module';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS } from './registry/registry.schema';
import { RegistryModule } from './registry/registry.module';

/**
 * The governance service. Each feature module owns its tables (entities + migrations listed in its
 * `*.schema.ts`) and offers the others only a port: AuditTrailPort, RegistryReader, AuditGate.
 */
@Module({})
export class AppModule {
  static forRoot(config: GovernanceConfig, nc: NatsConnection, db: ResolvedDatabase): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, nc),
        TypeOrmModule.forRoot(
          buildDataSourceOptions(db, {
            entities: [...AUDIT_TRAIL_ENTITIES, ...REGISTRY_ENTITIES, ...DECISIONS_ENTITIES, ...AUDITS_ENTITIES],
            migrations: [...AUDIT_TRAIL_MIGRATIONS, ...REGISTRY_MIGRATIONS, ...DECISIONS_MIGRATIONS, ...AUDITS_MIGRATIONS],
          }),
        ),
        AuditTrailModule,
        RegistryModule,
        DecisionsModule,
        FairnessModule,
        AuditsModule,
        ProvenanceModule,
        AdoptionModule,
      ],
    };
  }
}
