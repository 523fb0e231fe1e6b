import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { RpcClient, natsClientOptions } from '@fulcrum/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.env';

const NATS_CLIENT = Symbol('NATS_CLIENT');

/** The typed NATS request/reply client the resolvers use to reach the services. */
@Global()
@Module({
  providers: [
    {
      provide: NATS_CLIENT,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig): ClientProxy =>
        ClientProxyFactory.create({ transport: Transport.NATS, options: natsClientOptions(config.natsUrl, 'gateway') }),
    },
    { provide: RpcClient, inject: [NATS_CLIENT], useFactory: (proxy: ClientProxy) => new RpcClient(proxy) },
  ],
  exports: [RpcClient],
})
export class RpcModule implements OnApplicationShutdown {
  constructor(@Inject(NATS_CLIENT) private readonly proxy: ClientProxy) {}

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}
