import type { GroupCounts } from './group-counts.model';
import { computeGroupRates, safeRatio } from './group-rates.calculator';

/**
 * Fairlearn-style overall summaries (unsigned, symmetric in the groups). "Between groups" =
 * max − min (difference) and min / max (ratio) of a per-group rate, over the groups where that
 * rate is defined; `null` when no group has it defined, or for a ratio when the max is 0 (0 ÷ 0).
 */
export interface FairnessSummary {
  /** Σ favorable / Σ n over every group. */
  overallSelectionRate: number | null;
  /** max − min of the selection rates (Fairlearn `demographic_parity_difference`). */
  demographicParityDifference: number | null;
  /** min / max of the selection rates (Fairlearn `demographic_parity_ratio`). */
  demographicParityRatio: number | null;
  /** max over groups of |selectionRate − overall| (Fairlearn `method="to_overall"`). */
  demographicParityDifferenceToOverall: number | null;
  /** min over groups of min(rate/overall, overall/rate) (Fairlearn `method="to_overall"`). */
  demographicParityRatioToOverall: number | null;
  truePositiveRateDifference: number | null;
  truePositiveRateRatio: number | null;
  falsePositiveRateDifference: number | null;
  falsePositiveRateRatio: number | null;
  /** max(TPR difference, FPR difference) (Fairlearn `equalized_odds_difference`). */
  equalizedOddsDifference: number | null;
  /** min(TPR ratio, FPR ratio) (Fairlearn `equalized_odds_ratio`). */
  equalizedOddsRatio: number | null;
}

interface Spread {
  difference: number | null;
  ratio: number | null;
}

function spread(rates: readonly (number | null)[]): Spread {
  const defined = rates.filter((r): r is number => r !== null);
  if (defined.length === 0) return { difference: null, ratio: null };
  const max = Math.max(...defined);
  const min = Math.min(...defined);
  return { difference: max - min, ratio: safeRatio(min, max) };
}

function maxOfDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : Math.max(...defined);
}

function minOfDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : Math.min(...defined);
}

export function summarizeFairness(groups: readonly GroupCounts[]): FairnessSummary {
  const rates = groups.map(computeGroupRates);
  const selection = spread(rates.map((r) => r.selectionRate));
  const tpr = spread(rates.map((r) => r.truePositiveRate));
  const fpr = spread(rates.map((r) => r.falsePositiveRate));
  const totalN = groups.reduce((s, g) => s + g.n, 0);
  const totalFavorable = groups.reduce((s, g) => s + g.favorable, 0);
  const overall = safeRatio(totalFavorable, totalN);
  const selectionRates = rates.map((r) => r.selectionRate).filter((r): r is number => r !== null);
  let differenceToOverall: number | null = null;
  let ratioToOverall: number | null = null;
  if (overall !== null && selectionRates.length > 0) {
    differenceToOverall = Math.max(...selectionRates.map((r) => Math.abs(r - overall)));
    // overall is a weighted mean of the rates, so overall = 0 only when every rate is 0 (0 ÷ 0).
    ratioToOverall = overall === 0 ? null : Math.min(...selectionRates.map((r) => (r <= overall ? r / overall : overall / r)));
  }
  return {
    overallSelectionRate: overall,
    demographicParityDifference: selection.difference,
    demographicParityRatio: selection.ratio,
    demographicParityDifferenceToOverall: differenceToOverall,
    demographicParityRatioToOverall: ratioToOverall,
    truePositiveRateDifference: tpr.difference,
    truePositiveRateRatio: tpr.ratio,
    falsePositiveRateDifference: fpr.difference,
    falsePositiveRateRatio: fpr.ratio,
    equalizedOddsDifference: maxOfDefined([tpr.difference, fpr.difference]),
    equalizedOddsRatio: minOfDefined([tpr.ratio, fpr.ratio]),
  };
}
