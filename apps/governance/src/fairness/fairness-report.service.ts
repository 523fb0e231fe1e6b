import { Injectable } from '@nestjs/common';
import type { FairnessReportReply, FairnessReportRequest } from '@fulcrum/contracts';
import { fetchFairnessReport } from '@fulcrum/fairness';
import { DecisionLogReader } from '../decisions/decision-log.reader';
import { RegistryReader } from '../registry/registry-reader.port';
import { toFairnessReportReply } from './fairness-report.mapper';

/**
 * Fairness report of a model version's decisions: per-group counts aggregated in SQL by
 * `@fulcrum/fairness`, then its metrics. Erased decisions have no attributes left and fall into the
 * "(missing)" group, which the report flags.
 */
@Injectable()
export class FairnessReportService {
  constructor(
    private readonly registry: RegistryReader,
    private readonly decisions: DecisionLogReader,
  ) {}

  async report(request: FairnessReportRequest): Promise<FairnessReportReply> {
    await this.registry.getVersion(request.projectId, request.modelVersionId);
    const report = await fetchFairnessReport(this.decisions.run, {
      modelVersionId: request.modelVersionId,
      attributes: request.attributes,
      favorableOutcome: request.favorableOutcome,
      positiveOutcome: request.positiveOutcome,
      positiveGroundTruth: request.positiveGroundTruth,
      from: request.from ?? undefined,
      to: request.to ?? undefined,
      referenceGroup: request.referenceGroup ?? undefined,
      minGroupSize: request.minGroupSize ?? undefined,
    });
    return toFairnessReportReply(request.modelVersionId, report);
  }
}
