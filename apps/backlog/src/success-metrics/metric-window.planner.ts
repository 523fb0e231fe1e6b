import type { InstantRange, SuccessMetricComparator, SuccessMetricDefinition } from '@fulcrum/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A half-open range `[from, to)` of instants. */
export interface TimeRange {
  from: Date;
  to: Date;
}

/** Nothing to query yet: why, and the whole window when it can already be placed. */
export interface PendingPlan {
  kind: 'PENDING';
  window: TimeRange | null;
  reason: string;
}

/** What to query: the part of the window that has passed, and the baseline for a relative comparator. */
export interface QueryPlan {
  kind: 'QUERY';
  window: TimeRange;
  range: TimeRange;
  windowComplete: boolean;
  baselineRange: TimeRange | null;
}

export type EvaluationPlan = PendingPlan | QueryPlan;

export const RELATIVE_COMPARATORS: ReadonlySet<SuccessMetricComparator> = new Set(['INCREASE_BY_PERCENT', 'DECREASE_BY_PERCENT']);

/**
 * Where a metric's window lies: a DELIVERED window is `days` × 24 h from the moment the item last
 * reached DELIVERED (plus `offsetDays` × 24 h), elapsed time like the funnel's conversion window, so
 * it never depends on the time zone; a FIXED window is given. Null when the item has not been
 * delivered.
 */
export function placeWindow(window: SuccessMetricDefinition['window'], deliveredAt: Date | null): TimeRange | null {
  if (window.anchor === 'FIXED') return { from: new Date(window.from), to: new Date(window.to) };
  if (deliveredAt === null) return null;
  const from = new Date(deliveredAt.getTime() + (window.offsetDays ?? 0) * DAY_MS);
  return { from, to: new Date(from.getTime() + window.days * DAY_MS) };
}

/**
 * What an evaluation at `now` queries. Only time that has passed is queried (`range` ends at the
 * earlier of the window's end and now), so a trend's mean per bucket is not dragged down by empty
 * future buckets and the stored range says exactly what the value covers. The default baseline is
 * as long as `range` and ends where the window starts, so a partial window is compared with a
 * baseline of the same length; a given baseline must have ended.
 */
export function planEvaluation(definition: SuccessMetricDefinition, deliveredAt: Date | null, now: Date): EvaluationPlan {
  const window = placeWindow(definition.window, deliveredAt);
  if (window === null) {
    return { kind: 'PENDING', window: null, reason: 'The item has not reached DELIVERED yet: its window starts when it does.' };
  }
  if (now.getTime() <= window.from.getTime()) {
    return { kind: 'PENDING', window, reason: `The window starts at ${window.from.toISOString()}.` };
  }
  const windowComplete = now.getTime() >= window.to.getTime();
  const range = { from: window.from, to: windowComplete ? window.to : now };
  if (!RELATIVE_COMPARATORS.has(definition.comparator)) return { kind: 'QUERY', window, range, windowComplete, baselineRange: null };
  if (definition.baseline) {
    const baselineRange = { from: new Date(definition.baseline.from), to: new Date(definition.baseline.to) };
    if (now.getTime() < baselineRange.to.getTime()) {
      return { kind: 'PENDING', window, reason: `The baseline window ends at ${baselineRange.to.toISOString()}.` };
    }
    return { kind: 'QUERY', window, range, windowComplete, baselineRange };
  }
  const length = range.to.getTime() - range.from.getTime();
  return { kind: 'QUERY', window, range, windowComplete, baselineRange: { from: new Date(range.from.getTime() - length), to: range.from } };
}

/** The wire form of a range (ISO-8601 UTC, milliseconds). */
export function toInstantRange(range: TimeRange): InstantRange {
  return { from: range.from.toISOString(), to: range.to.toISOString() };
}
