import { Module } from '@nestjs/common';
import { EventConsumer } from './event.consumer';
import { EventStore } from './event.store';

@Module({
  providers: [EventStore, EventConsumer],
  exports: [EventStore],
})
export class EventsModule {}
