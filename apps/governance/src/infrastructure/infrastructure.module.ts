import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { GOVERNANCE_CONFIG, type GovernanceConfig } from '../config/governance.env';
import { NATS_CONNECTION } from './infrastructure.tokens';

/** Config and the NATS connection, opened and closed by the bootstrap so shutdown order is explicit. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: GovernanceConfig, nc: NatsConnection): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: GOVERNANCE_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: nc },
      ],
      exports: [GOVERNANCE_CONFIG, NATS_CONNECTION],
    };
  }
}
