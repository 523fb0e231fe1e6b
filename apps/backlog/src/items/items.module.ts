import { Module } from '@nestjs/common';
import { ItemHistoryReader } from '../activity/item-history.reader';
import { ProjectsModule } from '../projects/projects.module';
import { TrackSettingsController } from '../tracks/track-settings.controller';
import { TrackSettingsRepository } from '../tracks/track-settings.repository';
import { TrackSettingsService } from '../tracks/track-settings.service';
import { ItemBoardReader } from './item-board.reader';
import { ItemRankService } from './item-rank.service';
import { ItemStoreModule } from './item-store.module';
import { ItemWorkflowService } from './item-workflow.service';
import { ItemsController } from './items.controller';
import { ItemsRepository } from './items.repository';
import { ItemsService } from './items.service';

/**
 * Items and their tracks' settings: create, edit, move (through the ACCEPTANCE_GATE port, which
 * the success-metrics module provides globally), rank, read, history.
 */
@Module({
  imports: [ItemStoreModule, ProjectsModule],
  controllers: [ItemsController, TrackSettingsController],
  providers: [ItemsRepository, TrackSettingsRepository, ItemsService, ItemWorkflowService, ItemRankService, ItemBoardReader, ItemHistoryReader, TrackSettingsService],
  exports: [ItemsRepository, TrackSettingsRepository],
})
export class ItemsModule {}
