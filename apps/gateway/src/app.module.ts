import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type ResolvedDatabase, buildDataSourceOptions } from '@fulcrum/persistence';
import { AuthModule } from './auth/auth.module';
import { BacklogModule } from './backlog/backlog.module';
import { CatalogModule } from './catalog/catalog.module';
import { GatewayConfigModule } from './config/gateway-config.module';
import type { GatewayConfig } from './config/gateway.env';
import { graphqlRequestIdPlugin } from './envelope/graphql-request-id.plugin';
import { RequestEnvelopeModule } from './envelope/request-envelope.module';
import { GraphiqlController } from './graphiql/graphiql.controller';
import { GovernanceModule } from './governance/governance.module';
import { DomainErrorFilter } from './graphql/domain-error.filter';
import { RateLimitedStatusHook } from './graphql/rate-limited.status';
import { GRAPHQL_COST_LIMITS } from './graphql/graphql-cost.limits';
import { graphqlCostPlugin } from './graphql/graphql-cost.plugin';
import { formatLimitErrors } from './graphql/graphql-limit-errors.format';
import { HealthController } from './health.controller';
import { InsightsModule } from './insights/insights.module';
import { GATEWAY_MIGRATIONS } from './migrations/gateway.migrations';
import { PeopleModule } from './people/people.module';
import { PersonsModule } from './persons/persons.module';
import { ProjectsModule } from './projects/projects.module';
import { RpcModule } from './rpc/rpc.module';
import { TrackingPlanModule } from './tracking-plan/tracking-plan.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, db: ResolvedDatabase): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        TypeOrmModule.forRoot(buildDataSourceOptions(db, { entities: [], migrations: GATEWAY_MIGRATIONS })),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          // Refused with INTROSPECTION_DISABLED when FULCRUM_GRAPHQL_INTROSPECTION=false (formatLimitErrors).
          introspection: config.graphqlIntrospection ?? true,
          includeStacktraceInErrorResponses: false,
          // GraphQL limits (docs/api.md): a batch and what needs no schema are refused at the HTTP front
          // door (http/query-document.hook.ts); the cost here, before any resolver runs.
          allowBatchedHttpRequests: false,
          plugins: [graphqlCostPlugin(GRAPHQL_COST_LIMITS), graphqlRequestIdPlugin],
          // No "Did you mean …" naming fields to whoever asks (formatLimitErrors covers execution too).
          validationOptions: { hideSuggestions: true },
          formatError: (formatted) => formatLimitErrors(formatted),
        }),
        RpcModule,
        AuthModule,
        PeopleModule,
        ProjectsModule,
        CatalogModule,
        GovernanceModule,
        InsightsModule,
        PersonsModule,
        BacklogModule,
        TrackingPlanModule,
        RequestEnvelopeModule,
      ],
      controllers: [GraphiqlController, HealthController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }, RateLimitedStatusHook],
    };
  }
}
