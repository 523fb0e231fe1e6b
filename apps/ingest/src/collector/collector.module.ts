import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { TrackingPlanModule } from '../tracking-plan/tracking-plan.module';
import { CollectorResponder } from './collector.responder';
import { CollectorService } from './collector.service';
import { HealthController } from './health.controller';
import { NativeController } from './native.controller';
import { PosthogController } from './posthog.controller';
import { SegmentController } from './segment.controller';
import { WRITE_KEY_RATE_LIMITER_PROVIDER } from './write-key.rate-limiter';

@Module({
  imports: [ProjectsModule, TrackingPlanModule],
  controllers: [NativeController, SegmentController, PosthogController, HealthController],
  providers: [CollectorService, CollectorResponder, WRITE_KEY_RATE_LIMITER_PROVIDER],
})
export class CollectorModule {}
