import { Global, Module } from '@nestjs/common';
import { ACCEPTANCE_GATE } from '../items/acceptance-gate.port';
import { ItemStoreModule } from '../items/item-store.module';
import { SuccessMetricsAcceptanceGate } from './acceptance.gate';
import { LiveReevaluationRepository } from './live-reevaluation.repository';
import { LiveReevaluationScheduler } from './live-reevaluation.scheduler';
import { MetricInsightClient } from './metric-insight.client';
import { SuccessMetricDefinitionsService } from './success-metric-definitions.service';
import { SuccessMetricEvaluationsRepository } from './success-metric-evaluations.repository';
import { SuccessMetricEvaluationsService } from './success-metric-evaluations.service';
import { SuccessMetricsController } from './success-metrics.controller';
import { SuccessMetricsRepository } from './success-metrics.repository';

/**
 * Success metrics (owns `backlog_success_metrics`, their evaluations and the live claims). Global
 * so the items module finds the ACCEPTANCE_GATE it calls without importing this module (which
 * would make the two import each other).
 */
@Global()
@Module({
  imports: [ItemStoreModule],
  controllers: [SuccessMetricsController],
  providers: [
    SuccessMetricsRepository,
    SuccessMetricEvaluationsRepository,
    LiveReevaluationRepository,
    MetricInsightClient,
    SuccessMetricDefinitionsService,
    SuccessMetricEvaluationsService,
    LiveReevaluationScheduler,
    { provide: ACCEPTANCE_GATE, useClass: SuccessMetricsAcceptanceGate },
  ],
  exports: [ACCEPTANCE_GATE, LiveReevaluationScheduler],
})
export class SuccessMetricsModule {}
