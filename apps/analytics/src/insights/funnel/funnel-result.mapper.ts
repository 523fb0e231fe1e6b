import type { FunnelBreakdownResultDto, FunnelResultDto, FunnelStepResultDto } from '@fulcrum/contracts';
import type { FunnelPlan } from './funnel-query.validator';

/** One row of resultSelectSql: `rk`, `bv`, `c{j}`, `a{j}`, `md{j}` (times in microseconds). */
export type FunnelAggregateRow = Record<string, unknown>;

const US_PER_SECOND = 1_000_000;

/** Step DTOs of one aggregate row (rates and drop-offs derived from the counts). */
export function toSteps(plan: FunnelPlan, row: FunnelAggregateRow | undefined): FunnelStepResultDto[] {
  const counts = plan.steps.map((_, j) => Number(row?.[`c${j}`] ?? 0));
  const first = counts[0] ?? 0;
  return plan.steps.map((s, j) => {
    const count = counts[j] ?? 0;
    const previous = j === 0 ? first : (counts[j - 1] ?? 0);
    const next = j + 1 < counts.length ? (counts[j + 1] ?? 0) : count;
    const reached = j > 0 && count > 0;
    return {
      index: j,
      event: s.event,
      count,
      conversionRateFromFirst: first > 0 ? count / first : 0,
      conversionRateFromPrevious: previous > 0 ? count / previous : 0,
      medianTimeToConvertSeconds: reached ? seconds(row?.[`md${j}`]) : null,
      averageTimeToConvertSeconds: reached ? seconds(row?.[`a${j}`]) : null,
      droppedOff: count - next,
    };
  });
}

/** The result of the aggregate rows: rk 0 = the whole funnel, 1..limit the top values, limit+1 "other" (dropped when empty). */
export function toFunnelResult(plan: FunnelPlan, overall: FunnelAggregateRow | undefined, breakdownRows: FunnelAggregateRow[]): FunnelResultDto {
  const limit = plan.breakdown?.limit ?? 0;
  const breakdowns: FunnelBreakdownResultDto[] = [];
  for (const row of breakdownRows) {
    const rk = Number(row['rk']);
    const other = rk === limit + 1;
    if (other && Number(row['c0'] ?? 0) === 0) continue;
    breakdowns.push({ value: other ? null : ((row['bv'] as string | null) ?? null), other, steps: toSteps(plan, row) });
  }
  return { steps: toSteps(plan, overall), breakdowns };
}

function seconds(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return Number(v) / US_PER_SECOND;
}
