import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { FairnessController } from './fairness.controller';
import { FairnessReportService } from './fairness-report.service';

/** The fairness report over the decision log (metrics and conventions from `@fulcrum/fairness`). */
@Module({
  imports: [DecisionsModule],
  controllers: [FairnessController],
  providers: [FairnessReportService],
})
export class FairnessModule {}
