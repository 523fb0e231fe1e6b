import { Module } from '@nestjs/common';
import { InsightExecutor } from './insight.executor';
import { InsightsController } from './insights.controller';

@Module({
  controllers: [InsightsController],
  providers: [InsightExecutor],
  exports: [InsightExecutor],
})
export class InsightsModule {}
