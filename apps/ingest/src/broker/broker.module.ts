import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { STREAMS } from '@fulcrum/contracts';
import { connectNats, ensureStream } from '@fulcrum/messaging';
import { INGEST_CONFIG, type IngestConfig } from '../config/ingest.env';
import { NATS_CONNECTION } from './broker.constants';
import { EventPublisher } from './event.publisher';

/** The JetStream connection the collector publishes accepted events on (and the tracking plan its audit actions). */
@Global()
@Module({
  providers: [
    {
      provide: NATS_CONNECTION,
      inject: [INGEST_CONFIG],
      useFactory: async (config: IngestConfig): Promise<NatsConnection> => {
        const nc = await connectNats({ url: config.natsUrl, name: 'ingest-publisher' });
        await ensureStream(await nc.jetstreamManager(), STREAMS.events);
        return nc;
      },
    },
    EventPublisher,
  ],
  exports: [EventPublisher, NATS_CONNECTION],
})
export class BrokerModule implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
