import { Module } from '@nestjs/common';
import { InsightsModule } from '../insights/insights.module';
import { AnalysesController } from './analyses.controller';
import { AnalysesRepository } from './analyses.repository';
import { AnalysesService } from './analyses.service';

@Module({
  imports: [InsightsModule],
  controllers: [AnalysesController],
  providers: [AnalysesRepository, AnalysesService],
})
export class AnalysesModule {}
