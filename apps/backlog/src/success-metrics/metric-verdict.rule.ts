import type { SuccessMetricComparator, SuccessMetricVerdict } from '@fulcrum/contracts';
import type { StatisticValue } from './metric-statistic.registry';

export interface VerdictInput {
  comparator: SuccessMetricComparator;
  target: number;
  value: StatisticValue;
  /** The baseline's value; null for the absolute comparators. */
  baseline: StatisticValue | null;
  /** False while the window is still open: a missing value may still come. */
  windowComplete: boolean;
}

export interface VerdictOutcome {
  verdict: SuccessMetricVerdict;
  /** (value − baseline) × 100 / |baseline| for the relative comparators; null otherwise or when undefined. */
  changePercent: number | null;
  /** Why PENDING or INSUFFICIENT_DATA; null otherwise. */
  reason: string | null;
}

/**
 * The verdict of one evaluation. A missing value is PENDING while the window is open (data may
 * still come) and INSUFFICIENT_DATA once it has closed. A relative change needs a baseline that is
 * not zero: from zero every rise is infinite and means nothing, so a zero (or missing) baseline is
 * INSUFFICIENT_DATA rather than a MET nobody could defend. Comparisons multiply instead of divide
 * (`(value − baseline) × 100 ≥ target × |baseline|`), so whole numbers at the boundary compare
 * exactly (a rise from 50 to 55 is exactly 10 %).
 */
export function decideVerdict(input: VerdictInput): VerdictOutcome {
  const { comparator, target, value, baseline, windowComplete } = input;
  if (value.value === null) {
    return { verdict: windowComplete ? 'INSUFFICIENT_DATA' : 'PENDING', changePercent: null, reason: value.reason };
  }
  const v = value.value;
  switch (comparator) {
    case 'AT_LEAST':
      return decided(v >= target, null);
    case 'AT_MOST':
      return decided(v <= target, null);
    case 'INCREASE_BY_PERCENT':
    case 'DECREASE_BY_PERCENT': {
      if (baseline === null) throw new Error(`${comparator} needs a baseline`);
      if (baseline.value === null) return { verdict: 'INSUFFICIENT_DATA', changePercent: null, reason: `The baseline has no value: ${baseline.reason}` };
      const b = baseline.value;
      if (b === 0) return { verdict: 'INSUFFICIENT_DATA', changePercent: null, reason: 'The baseline is 0: a relative change from zero is undefined.' };
      const rise = comparator === 'INCREASE_BY_PERCENT' ? v - b : b - v;
      return decided(rise * 100 >= target * Math.abs(b), ((v - b) * 100) / Math.abs(b));
    }
  }
}

function decided(met: boolean, changePercent: number | null): VerdictOutcome {
  return { verdict: met ? 'MET' : 'NOT_MET', changePercent, reason: null };
}
