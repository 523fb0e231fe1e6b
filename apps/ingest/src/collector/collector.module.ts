import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { CollectorResponder } from './collector.responder';
import { CollectorService } from './collector.service';
import { HealthController } from './health.controller';
import { NativeController } from './native.controller';
import { PosthogController } from './posthog.controller';
import { SegmentController } from './segment.controller';

@Module({
  imports: [ProjectsModule],
  controllers: [NativeController, SegmentController, PosthogController, HealthController],
  providers: [CollectorService, CollectorResponder],
})
export class CollectorModule {}
