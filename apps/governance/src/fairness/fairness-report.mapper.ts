import type { FairnessReportReply, GroupFairnessDto } from '@fulcrum/contracts';
import type { FairnessReport } from '@fulcrum/fairness';

/** The lib's report as the wire DTO (the DTO keeps the counts and metrics a reader needs; the lib's extras stay out). */
export function toFairnessReportReply(modelVersionId: string, report: FairnessReport): FairnessReportReply {
  const { conventions } = report;
  return {
    modelVersionId,
    attributes: [...conventions.attributes],
    referenceGroup: conventions.referenceGroup
      ? { group: conventions.referenceGroup.group.map((m) => ({ ...m })), label: conventions.referenceGroup.label, chosenBy: conventions.referenceGroup.chosenBy }
      : null,
    minGroupSize: conventions.minGroupSize,
    conventions: [...conventions.statements],
    groups: report.groups.map(
      (g): GroupFairnessDto => ({
        group: g.group.map((m) => ({ attribute: m.attribute, value: m.value })),
        label: g.label,
        isReference: g.isReference,
        n: g.n,
        favorable: g.favorable,
        tp: g.tp,
        fp: g.fp,
        tn: g.tn,
        fn: g.fn,
        selectionRate: g.selectionRate,
        truePositiveRate: g.truePositiveRate,
        falsePositiveRate: g.falsePositiveRate,
        falseNegativeRate: g.falseNegativeRate,
        positivePredictiveValue: g.positivePredictiveValue,
        disparateImpact: g.disparateImpact,
        statisticalParityDifference: g.statisticalParityDifference,
        equalOpportunityDifference: g.equalOpportunityDifference,
        averageOddsDifference: g.averageOddsDifference,
        smallSample: g.smallSample,
      }),
    ),
    summary: {
      demographicParityDifference: report.summary.demographicParityDifference,
      demographicParityRatio: report.summary.demographicParityRatio,
      equalizedOddsDifference: report.summary.equalizedOddsDifference,
      equalizedOddsRatio: report.summary.equalizedOddsRatio,
    },
    totals: { n: report.totals.n, favorable: report.totals.favorable, labeled: report.totals.labeled, groups: report.totals.groups },
    warnings: [...report.warnings],
  };
}
