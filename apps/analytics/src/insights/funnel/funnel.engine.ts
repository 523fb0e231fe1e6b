import type { FunnelPersonsQuery, FunnelPersonsResultDto, FunnelQuery, FunnelResultDto } from '@fulcrum/contracts';
import { resolveDateRange } from '../core/date-range.resolver';
import type { InsightScope } from '../core/insight-scope';
import { SqlParams } from '../core/sql-params';
import type { SqlRunner } from '../core/sql-runner';
import { breakdownCtes, personsSelectSql, resultSelectSql } from './funnel-aggregate.sql';
import type { BreakdownMode } from './funnel-layout';
import { type FunnelPathsOptions, funnelPathsCtes } from './funnel-paths.sql';
import { planFunnel, planFunnelPersons } from './funnel-query.validator';
import { toFunnelResult } from './funnel-result.mapper';

/** Engine knobs for tests (both strategies give the same answer; see FunnelPathsOptions). */
export type FunnelEngineOptions = Pick<FunnelPathsOptions, 'strategy' | 'personBucketSql'>;

/** The funnel insight (docs/metrics.md "Funnel"): step counts, conversion rates, times to convert, breakdown rows. */
export function runFunnel(runner: SqlRunner, scope: InsightScope, query: FunnelQuery): Promise<FunnelResultDto> {
  return computeFunnel(runner, scope, query);
}

/** The persons behind one step of a funnel (dropped off there, or reached it), one keyset page. */
export function runFunnelPersons(runner: SqlRunner, scope: InsightScope, query: FunnelPersonsQuery): Promise<FunnelPersonsResultDto> {
  return computeFunnelPersons(runner, scope, query);
}

export async function computeFunnel(runner: SqlRunner, scope: InsightScope, query: FunnelQuery, options: FunnelEngineOptions = {}): Promise<FunnelResultDto> {
  const plan = planFunnel(query);
  const range = await resolveDateRange(runner, plan.dateRange, scope.timeZone, 'query.dateRange');
  const n = plan.steps.length;
  const statement = (mode: BreakdownMode, overall: boolean) => {
    const params = new SqlParams();
    const ctes = funnelPathsCtes(scope, params, plan, range, { ...options, mode });
    const breakdown = mode !== 'NONE';
    let limitParam: string | undefined;
    if (breakdown) {
      limitParam = params.addTyped(plan.breakdown?.limit ?? 0, 'BIGINT');
      ctes.push(...breakdownCtes(n, limitParam));
    }
    return runner.rows(`WITH ${ctes.join(',\n')}\n${resultSelectSql(n, { overall, breakdown, limitParam })}`, params.values);
  };

  if (plan.breakdown === null) {
    const rows = await statement('NONE', true);
    return toFunnelResult(plan, rows[0], []);
  }
  if (plan.breakdown.attribution === 'ALL_STEPS') {
    // The whole funnel is not the union of the per-value funnels: computed on its own.
    const overall = await statement('NONE', true);
    const rows = await statement('ALL_STEPS', false);
    return toFunnelResult(plan, overall[0], rows);
  }
  const rows = await statement(plan.breakdown.attribution, true);
  return toFunnelResult(
    plan,
    rows.find((r) => Number(r['rk']) === 0),
    rows.filter((r) => Number(r['rk']) !== 0),
  );
}

export async function computeFunnelPersons(
  runner: SqlRunner,
  scope: InsightScope,
  query: FunnelPersonsQuery,
  options: FunnelEngineOptions = {},
): Promise<FunnelPersonsResultDto> {
  const plan = planFunnel(query);
  const persons = planFunnelPersons(query, plan);
  const range = await resolveDateRange(runner, plan.dateRange, scope.timeZone, 'query.dateRange');
  const n = plan.steps.length;
  const params = new SqlParams();
  const value = persons.breakdownValue;
  const mode: BreakdownMode = value === null || plan.breakdown === null ? 'NONE' : plan.breakdown.attribution;
  const ctes = funnelPathsCtes(scope, params, plan, range, { ...options, mode });
  let relation = 'fp';
  const where: string[] = [];
  if (value !== null) {
    if (value.other) {
      ctes.push(...breakdownCtes(n, params.addTyped(plan.breakdown?.limit ?? 0, 'BIGINT')));
      relation = 'bd_other';
    } else {
      where.push(value.value === null ? 'bv IS NULL' : `bv = ${params.addTyped(value.value, 'VARCHAR')}`);
    }
  }
  const rows = await runner.rows(`WITH ${ctes.join(',\n')}${personsSelectSql(params, relation, persons, where)}`, params.values);
  const total = Number(rows[0]?.['total'] ?? 0);
  const page = ((rows[0]?.['page'] as string[] | null) ?? []).map(String);
  const more = page.length > persons.limit;
  const list = more ? page.slice(0, persons.limit) : page;
  return { step: persons.step, status: persons.status, total, persons: list, nextCursor: more ? (list[list.length - 1] ?? null) : null };
}
