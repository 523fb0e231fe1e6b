import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type ResolvedDatabase, buildDataSourceOptions } from '@fulcrum/persistence';
import { ApiTokenEntity } from './auth/api-token.entity';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { GatewayConfigModule } from './config/gateway-config.module';
import type { GatewayConfig } from './config/gateway.env';
import { GraphiqlController } from './graphiql/graphiql.controller';
import { GovernanceModule } from './governance/governance.module';
import { DomainErrorFilter } from './graphql/domain-error.filter';
import { HealthController } from './health.controller';
import { InsightsModule } from './insights/insights.module';
import { CreateApiTokens1763700000000 } from './migrations/1763700000000-create-api-tokens.migration';
import { PersonsModule } from './persons/persons.module';
import { ProjectsModule } from './projects/projects.module';
import { RpcModule } from './rpc/rpc.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, db: ResolvedDatabase): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        TypeOrmModule.forRoot(buildDataSourceOptions(db, { entities: [ApiTokenEntity], migrations: [CreateApiTokens1763700000000] })),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
        }),
        RpcModule,
        AuthModule,
        ProjectsModule,
        CatalogModule,
        GovernanceModule,
        InsightsModule,
        PersonsModule,
      ],
      controllers: [GraphiqlController, HealthController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
