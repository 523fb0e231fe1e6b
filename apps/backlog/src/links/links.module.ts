import { Module } from '@nestjs/common';
import { ItemStoreModule } from '../items/item-store.module';
import { ItemsModule } from '../items/items.module';
import { ProjectsModule } from '../projects/projects.module';
import { LinksController } from './links.controller';
import { LinksRepository } from './links.repository';
import { LinksService } from './links.service';
import { OrderingGraphCache } from './ordering-graph.cache';

/** Typed links between items, with the in-memory ordering graphs their cycle checks search. */
@Module({
  imports: [ItemStoreModule, ItemsModule, ProjectsModule],
  controllers: [LinksController],
  providers: [LinksRepository, LinksService, OrderingGraphCache],
  exports: [LinksRepository, OrderingGraphCache],
})
export class LinksModule {}
