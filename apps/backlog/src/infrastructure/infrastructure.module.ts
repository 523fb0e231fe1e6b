import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { RpcClient, natsClientOptions } from '@fulcrum/messaging';
import { BACKLOG_CONFIG, type BacklogConfig } from '../config/backlog.env';
import { NATS_CONNECTION } from './infrastructure.tokens';

const NATS_CLIENT = Symbol('NATS_CLIENT');

/**
 * Config, the NATS connection (opened and closed by the bootstrap so shutdown order is explicit)
 * and the typed RPC client through which the backlog asks other services (ingest: project keys).
 * Requests made while handling an RPC carry that request's envelope.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(@Inject(NATS_CLIENT) private readonly proxy: ClientProxy) {}

  static forRoot(config: BacklogConfig, nc: NatsConnection): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: BACKLOG_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: nc },
        {
          provide: NATS_CLIENT,
          useFactory: (): ClientProxy => ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(config.natsUrl, 'backlog') }),
        },
        { provide: RpcClient, inject: [NATS_CLIENT], useFactory: (proxy: ClientProxy) => new RpcClient(proxy, config.rpcTimeoutMs) },
      ],
      exports: [BACKLOG_CONFIG, NATS_CONNECTION, RpcClient],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}
