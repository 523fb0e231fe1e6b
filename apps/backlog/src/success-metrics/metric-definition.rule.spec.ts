import type { SuccessMetricDefinition } from '@fulcrum/contracts';
import { assertValidDefinition } from './metric-definition.rule';

const valid: SuccessMetricDefinition = {
  name: 'Checkout conversion',
  insight: { kind: 'FUNNEL', query: { steps: [{ event: 'cart' }, { event: 'paid' }] } },
  statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
  comparator: 'AT_LEAST',
  target: 40,
  window: { anchor: 'FIXED', from: '2026-03-01T00:00:00Z', to: '2026-03-15T00:00:00Z' },
  timeZone: 'Europe/Berlin',
};

function refusal(definition: SuccessMetricDefinition): unknown {
  try {
    assertValidDefinition(definition);
    return null;
  } catch (error) {
    return error;
  }
}

describe('assertValidDefinition', () => {
  it('accepts a consistent definition', () => {
    expect(refusal(valid)).toBeNull();
    expect(refusal({ ...valid, comparator: 'INCREASE_BY_PERCENT', target: 0, baseline: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } })).toBeNull();
  });

  it.each([
    ['a statistic of another insight', { ...valid, statistic: { kind: 'TREND_TOTAL' } }, 'definition.statistic'],
    ['a funnel step that does not exist', { ...valid, statistic: { kind: 'FUNNEL_STEP_CONVERSION', step: 2 } }, 'definition.statistic'],
    ['a window that ends before it starts', { ...valid, window: { anchor: 'FIXED', from: '2026-03-15T00:00:00Z', to: '2026-03-01T00:00:00Z' } }, 'definition.window'],
    ['an empty window', { ...valid, window: { anchor: 'FIXED', from: '2026-03-01T00:00:00Z', to: '2026-03-01T01:00:00+01:00' } }, 'definition.window'],
    ['a window over 366 days', { ...valid, window: { anchor: 'FIXED', from: '2026-01-01T00:00:00Z', to: '2027-01-03T00:00:00Z' } }, 'definition.window'],
    ['a baseline with an absolute comparator', { ...valid, baseline: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } }, 'definition.baseline'],
    [
      'a backwards baseline',
      { ...valid, comparator: 'DECREASE_BY_PERCENT', target: 5, baseline: { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } },
      'definition.baseline',
    ],
    ['a negative relative target', { ...valid, comparator: 'INCREASE_BY_PERCENT', target: -5 }, 'definition.target'],
    ['an unknown time zone', { ...valid, timeZone: 'Mars/Olympus' }, 'definition.timeZone'],
  ] as Array<[string, SuccessMetricDefinition, string]>)('refuses %s', (_why, definition, field) => {
    expect(refusal(definition)).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
  });
});
