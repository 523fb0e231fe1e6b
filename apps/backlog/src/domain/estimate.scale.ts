import { DomainError } from '@fulcrum/contracts';
import type { EstimateScale } from './backlog.vocabulary';

/** Each scale's values in ascending order with the weight a critical path adds up. */
const SCALES: { readonly [S in EstimateScale]: ReadonlyMap<string, number> } = {
  FIBONACCI: new Map([
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['3', 3],
    ['5', 5],
    ['8', 8],
    ['13', 13],
    ['21', 21],
  ]),
  // T-shirt sizes weigh like Fibonacci points so tracks on different scales add up comparably.
  TSHIRT: new Map([
    ['XS', 1],
    ['S', 2],
    ['M', 3],
    ['L', 5],
    ['XL', 8],
  ]),
  NONE: new Map(),
};

/**
 * What an item without an estimate weighs: 1, as if every item were one unit of work, so chains of
 * unestimated items (and every chain on a NONE track) still rank by their length.
 */
export const UNESTIMATED_WEIGHT = 1;

/** The values a scale accepts, in ascending order (null, "not estimated yet", is always accepted). */
export function estimateValues(scale: EstimateScale): readonly string[] {
  return [...SCALES[scale].keys()];
}

export function assertEstimate(scale: EstimateScale, estimate: string | null): void {
  if (estimate === null || SCALES[scale].has(estimate)) return;
  const allowed = estimateValues(scale);
  const message =
    allowed.length === 0
      ? `Estimate "${estimate}" is not allowed: this track is not estimated (scale NONE), leave the estimate empty.`
      : `Estimate "${estimate}" is not on the ${scale} scale: use one of ${allowed.join(', ')}, or no estimate.`;
  throw new DomainError('VALIDATION_FAILED', message, { scale, estimate, allowed });
}

/** The estimate's numeric weight (Fibonacci points as numbers, T-shirt sizes 1, 2, 3, 5, 8); unestimated weighs 1. */
export function estimateWeight(scale: EstimateScale, estimate: string | null): number {
  assertEstimate(scale, estimate);
  return estimate === null ? UNESTIMATED_WEIGHT : (SCALES[scale].get(estimate) as number);
}
