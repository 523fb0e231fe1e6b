import { DomainError, SUCCESS_METRIC_STATISTICS, type SuccessMetricStatisticKind } from '@fulcrum/contracts';
import type { SuccessMetricDefinitionInput } from './success-metrics.input';
import { toSuccessMetricDefinition, toSuccessMetricDefinitionRequest } from './success-metrics.mapper';

const funnel = { steps: [{ event: 'cart' }, { event: 'paid' }] };

function input(overrides: Partial<SuccessMetricDefinitionInput> = {}): SuccessMetricDefinitionInput {
  return {
    name: 'Checkout conversion',
    insight: { funnel },
    statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
    comparator: 'AT_LEAST',
    target: 40,
    window: { anchor: 'DELIVERED', days: 14 },
    ...overrides,
  } as SuccessMetricDefinitionInput;
}

/** The refusal's field, or 'accepted'. */
function refusal(definition: SuccessMetricDefinitionInput): string {
  try {
    toSuccessMetricDefinitionRequest(definition, 'UTC');
    return 'accepted';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.code} ${String(error.details?.['field'])}`;
  }
}

describe('success metric definitions, GraphQL → contract', () => {
  it("keeps the insight's own mapping and drops the range the window replaces", () => {
    expect(toSuccessMetricDefinitionRequest(input(), 'Europe/Berlin')).toEqual({
      name: 'Checkout conversion',
      insight: { kind: 'FUNNEL', query: { steps: [{ event: 'cart' }, { event: 'paid' }] } },
      statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
      comparator: 'AT_LEAST',
      target: 40,
      window: { anchor: 'DELIVERED', days: 14 },
      timeZone: 'Europe/Berlin',
    });
  });

  it.each<[string, string, Partial<SuccessMetricDefinitionInput>]>([
    ['a statistic without its required step', 'VALIDATION_FAILED definition.statistic.step', { statistic: { kind: 'FUNNEL_STEP_CONVERSION' } }],
    ['a statistic with a field it does not take', 'VALIDATION_FAILED definition.statistic.step', { statistic: { kind: 'TREND_TOTAL', step: 1 } }],
    ['a retention statistic without its period', 'VALIDATION_FAILED definition.statistic.period', { statistic: { kind: 'RETENTION_PERIOD_N' } }],
    ['a trend statistic with its optional series', 'accepted', { statistic: { kind: 'TREND_TOTAL', series: 2 } }],
    ['a DELIVERED window without days', 'VALIDATION_FAILED definition.window.days', { window: { anchor: 'DELIVERED', offsetDays: 3 } }],
    ['a DELIVERED window with a FIXED bound', 'VALIDATION_FAILED definition.window.to', { window: { anchor: 'DELIVERED', days: 3, to: new Date('2026-01-01T00:00:00Z') } }],
    ['a FIXED window without its end', 'VALIDATION_FAILED definition.window.to', { window: { anchor: 'FIXED', from: new Date('2026-01-01T00:00:00Z') } }],
    ['a FIXED window with an invalid date', 'VALIDATION_FAILED definition.window.from', { window: { anchor: 'FIXED', from: new Date('nonsense'), to: new Date('2026-01-01T00:00:00Z') } }],
    ['no insight', 'VALIDATION_FAILED definition.insight', { insight: {} }],
    ['two insights', 'VALIDATION_FAILED definition.insight', { insight: { funnel, trend: { series: [{ event: 'paid' }], interval: 'DAY' } } }],
  ] as Array<[string, string, Partial<SuccessMetricDefinitionInput>]>)('%s: %s', (_name, expected, overrides) => {
    expect(refusal(input(overrides))).toBe(expected);
  });

  it('treats explicit nulls as absent (GraphQL sends null for an omitted nullable field given as null)', () => {
    const request = toSuccessMetricDefinitionRequest(
      input({ statistic: { kind: 'TREND_TOTAL', step: null, series: null, period: null }, window: { anchor: 'DELIVERED', days: 7, offsetDays: null, from: null, to: null }, baseline: null }),
      'UTC',
    );
    expect([request.statistic, request.window, 'baseline' in request]).toEqual([{ kind: 'TREND_TOTAL' }, { anchor: 'DELIVERED', days: 7 }, false]);
  });

  it('sends FIXED windows and baselines as UTC instants', () => {
    const request = toSuccessMetricDefinitionRequest(
      input({
        comparator: 'DECREASE_BY_PERCENT',
        window: { anchor: 'FIXED', from: new Date('2026-04-01T00:00:00+02:00'), to: new Date('2026-04-15T00:00:00+02:00') },
        baseline: { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-15T00:00:00Z') },
      }),
      'UTC',
    );
    expect([request.window, request.baseline]).toEqual([
      { anchor: 'FIXED', from: '2026-03-31T22:00:00.000Z', to: '2026-04-14T22:00:00.000Z' },
      { from: '2026-03-01T00:00:00.000Z', to: '2026-03-15T00:00:00.000Z' },
    ]);
  });
});

describe('success metric definitions, contract → GraphQL', () => {
  it.each(Object.keys(SUCCESS_METRIC_STATISTICS) as SuccessMetricStatisticKind[])('gives %s the unit of the contract', (kind) => {
    const statistic = { FUNNEL_STEP_CONVERSION: { kind, step: 2 }, RETENTION_PERIOD_N: { kind, period: 3 } }[kind as string] ?? { kind };
    const definition = toSuccessMetricDefinition({
      name: 'n',
      insight: { kind: 'FUNNEL', query: funnel },
      statistic: statistic as never,
      comparator: 'AT_LEAST',
      target: 1,
      window: { anchor: 'DELIVERED', days: 1 },
    });
    expect(definition.statistic).toEqual({
      kind,
      unit: SUCCESS_METRIC_STATISTICS[kind].unit,
      step: kind === 'FUNNEL_STEP_CONVERSION' ? 2 : null,
      series: null,
      period: kind === 'RETENTION_PERIOD_N' ? 3 : null,
    });
    // A definition without a zone was computed in UTC (the contract's default); no offset means 0.
    expect([definition.timeZone, definition.window.offsetDays]).toEqual(['UTC', 0]);
  });
});
