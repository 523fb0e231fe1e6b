import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module';
import { LinksModule } from '../links/links.module';
import { GraphController } from './graph.controller';
import { GraphRepository } from './graph.repository';
import { GraphService } from './graph.service';

/** The dependency view over items and links. */
@Module({
  imports: [ItemsModule, LinksModule],
  controllers: [GraphController],
  providers: [GraphRepository, GraphService],
})
export class GraphModule {}
