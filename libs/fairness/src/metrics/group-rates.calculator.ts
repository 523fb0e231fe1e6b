import type { GroupCounts } from './group-counts.model';

/** Per-group rates; `null` whenever the denominator is 0 (never NaN or Infinity). */
export interface GroupRates {
  /** favorable / n: the share of the group receiving the favorable outcome. */
  selectionRate: number | null;
  /** predictedPositive / n: the share predicted positive (equals selectionRate when positive = favorable). */
  predictedPositiveRate: number | null;
  /** tp / (tp + fn). */
  truePositiveRate: number | null;
  /** fp / (fp + tn). */
  falsePositiveRate: number | null;
  /** fn / (tp + fn) = 1 − TPR. */
  falseNegativeRate: number | null;
  /** tp / (tp + fp) (precision). */
  positivePredictiveValue: number | null;
}

/** num / den, or null when den is 0. */
export function safeRatio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** a − b, or null when either is null. */
export function nullableDifference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

export function computeGroupRates(g: GroupCounts): GroupRates {
  return {
    selectionRate: safeRatio(g.favorable, g.n),
    predictedPositiveRate: safeRatio(g.predictedPositive, g.n),
    truePositiveRate: safeRatio(g.tp, g.tp + g.fn),
    falsePositiveRate: safeRatio(g.fp, g.fp + g.tn),
    falseNegativeRate: safeRatio(g.fn, g.tp + g.fn),
    positivePredictiveValue: safeRatio(g.tp, g.tp + g.fp),
  };
}
