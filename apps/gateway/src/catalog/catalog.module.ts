import { Module } from '@nestjs/common';
import { EventCatalogResolver } from './event-catalog.resolver';

@Module({ providers: [EventCatalogResolver] })
export class CatalogModule {}
