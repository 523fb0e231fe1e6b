import { Module } from '@nestjs/common';
import { EventCatalogController } from './event-catalog.controller';
import { EventCatalogRepository } from './event-catalog.repository';

@Module({
  controllers: [EventCatalogController],
  providers: [EventCatalogRepository],
})
export class CatalogModule {}
