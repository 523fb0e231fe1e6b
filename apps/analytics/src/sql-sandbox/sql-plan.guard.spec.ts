import { DomainError } from '@fulcrum/contracts';
import { assertAllowedPlan } from './sql-plan.guard';

const get = (name: string, function_data: unknown = {}) => ({ type: 'LOGICAL_GET', children: [], name, function_data });
const projection = (children: unknown[], expressions: unknown[] = []) => ({ type: 'LOGICAL_PROJECTION', children, expressions });
const plan = (root: unknown) => ({ error: false, plans: [root] });

function refusal(p: unknown): DomainError | undefined {
  try {
    assertAllowedPlan(p);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('assertAllowedPlan (bound-plan check)', () => {
  it('accepts table-less plans and the allowed table functions', () => {
    expect(refusal(plan(projection([{ type: 'LOGICAL_CTE_REF' }, get('range'), get('unnest'), get('json_each')])))).toBeUndefined();
  });

  it('refuses any table scan, naming the table', () => {
    const error = refusal(plan(projection([get('seq_scan', { catalog: 'analytics', schema: 'main', table: 'consumer_state' })])));
    expect([error?.code, error?.details]).toEqual(['SQL_NOT_ALLOWED', { object: 'analytics.main.consumer_state' }]);
  });

  it('refuses catalog table functions reached through views or macros', () => {
    expect(refusal(plan(projection([get('duckdb_tables')])))?.details).toEqual({ object: 'duckdb_tables' });
  });

  it('refuses denied functions bound anywhere (including macro expansions)', () => {
    const sleep = { expression_class: 'BOUND_FUNCTION', type: 'BOUND_FUNCTION', name: 'sleep_ms', children: [] };
    expect(refusal(plan(projection([], [sleep])))?.details).toEqual({ object: 'sleep_ms' });
    const lower = { expression_class: 'BOUND_FUNCTION', type: 'BOUND_FUNCTION', name: 'lower', children: [] };
    expect(refusal(plan(projection([], [lower])))).toBeUndefined();
  });

  it('refuses operators that write or change state', () => {
    expect(refusal(plan({ type: 'LOGICAL_INSERT', children: [] }))?.details).toEqual({ object: 'LOGICAL_INSERT' });
    expect(refusal(plan({ type: 'LOGICAL_COPY_TO_FILE', children: [] }))?.code).toBe('SQL_NOT_ALLOWED');
    expect(refusal(plan({ type: 'LOGICAL_UNION', children: [] }))).toBeUndefined();
  });
});
