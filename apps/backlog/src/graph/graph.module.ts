import { Module } from '@nestjs/common';
import { ItemStoreModule } from '../items/item-store.module';
import { GraphController } from './graph.controller';
import { GraphRepository } from './graph.repository';
import { GraphService } from './graph.service';

/** The dependency view over items and links (from the in-memory project state ItemStoreModule keeps). */
@Module({
  imports: [ItemStoreModule],
  controllers: [GraphController],
  providers: [GraphRepository, GraphService],
})
export class GraphModule {}
