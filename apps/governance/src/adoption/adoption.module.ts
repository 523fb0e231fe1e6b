import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { ProjectAdoptionController } from './project-adoption.controller';
import { ProjectAdoptionService } from './project-adoption.service';

/**
 * Adopting rows from before projects into a project. Owns no table: each module adopts its own
 * rows through its `Unscoped*Adopter` (the registry's, the audits' and the trail's are global).
 */
@Module({
  imports: [DecisionsModule],
  controllers: [ProjectAdoptionController],
  providers: [ProjectAdoptionService],
})
export class AdoptionModule {}
