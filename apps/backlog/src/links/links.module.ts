import { Module } from '@nestjs/common';
import { ItemStoreModule } from '../items/item-store.module';
import { ItemsModule } from '../items/items.module';
import { LinksController } from './links.controller';
import { LinksRepository } from './links.repository';
import { LinksService } from './links.service';

/** Typed links between items; their checks read the project's in-memory state (ProjectGraphCache, from ItemStoreModule). */
@Module({
  imports: [ItemStoreModule, ItemsModule],
  controllers: [LinksController],
  providers: [LinksRepository, LinksService],
  exports: [LinksRepository],
})
export class LinksModule {}
