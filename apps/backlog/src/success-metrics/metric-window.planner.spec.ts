import fc from 'fast-check';
import type { SuccessMetricDefinition } from '@fulcrum/contracts';
import { planEvaluation, placeWindow } from './metric-window.planner';

const DAY = 24 * 60 * 60 * 1000;
const base: SuccessMetricDefinition = {
  name: 'Checkout conversion',
  insight: { kind: 'FUNNEL', query: { steps: [{ event: 'cart' }, { event: 'paid' }] } },
  statistic: { kind: 'FUNNEL_LAST_STEP_CONVERSION' },
  comparator: 'AT_LEAST',
  target: 40,
  window: { anchor: 'DELIVERED', days: 14 },
};
const delivered = new Date('2026-03-01T10:00:00.000Z');

describe('placeWindow', () => {
  it('places a DELIVERED window from the delivery, in elapsed days, after the offset', () => {
    expect(placeWindow({ anchor: 'DELIVERED', days: 14 }, delivered)).toEqual({ from: delivered, to: new Date('2026-03-15T10:00:00.000Z') });
    expect(placeWindow({ anchor: 'DELIVERED', days: 7, offsetDays: 2 }, delivered)).toEqual({
      from: new Date('2026-03-03T10:00:00.000Z'),
      to: new Date('2026-03-10T10:00:00.000Z'),
    });
    expect(placeWindow({ anchor: 'DELIVERED', days: 7 }, null)).toBeNull();
  });

  it('reads a FIXED window as instants, whatever the offset they were written with', () => {
    expect(placeWindow({ anchor: 'FIXED', from: '2026-03-01T01:00:00+01:00', to: '2026-03-02T00:00:00Z' }, null)).toEqual({
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-02T00:00:00.000Z'),
    });
  });
});

describe('planEvaluation', () => {
  it('is PENDING before delivery and before the window starts', () => {
    expect(planEvaluation(base, null, new Date('2026-03-20T00:00:00Z'))).toEqual({
      kind: 'PENDING',
      window: null,
      reason: 'The item has not reached DELIVERED yet: its window starts when it does.',
    });
    const early = planEvaluation({ ...base, window: { anchor: 'DELIVERED', days: 14, offsetDays: 1 } }, delivered, new Date('2026-03-01T12:00:00Z'));
    expect(early).toMatchObject({ kind: 'PENDING', reason: 'The window starts at 2026-03-02T10:00:00.000Z.' });
    // At the very first instant nothing has passed yet.
    expect(planEvaluation(base, delivered, delivered).kind).toBe('PENDING');
  });

  it('queries only the part of the window that has passed, and says whether that is all of it', () => {
    const now = new Date('2026-03-04T10:00:00.000Z');
    expect(planEvaluation(base, delivered, now)).toEqual({
      kind: 'QUERY',
      window: { from: delivered, to: new Date('2026-03-15T10:00:00.000Z') },
      range: { from: delivered, to: now },
      windowComplete: false,
      baselineRange: null,
    });
    const later = planEvaluation(base, delivered, new Date('2026-04-01T00:00:00Z'));
    expect(later).toMatchObject({ kind: 'QUERY', range: { from: delivered, to: new Date('2026-03-15T10:00:00.000Z') }, windowComplete: true });
  });

  it('puts the default baseline right before the window, as long as the range evaluated', () => {
    const relative: SuccessMetricDefinition = { ...base, comparator: 'INCREASE_BY_PERCENT', target: 10 };
    const now = new Date('2026-03-04T10:00:00.000Z');
    expect(planEvaluation(relative, delivered, now)).toMatchObject({ baselineRange: { from: new Date('2026-02-26T10:00:00.000Z'), to: delivered } });
    expect(planEvaluation(relative, delivered, new Date('2026-05-01T00:00:00Z'))).toMatchObject({
      baselineRange: { from: new Date('2026-02-15T10:00:00.000Z'), to: delivered },
    });
  });

  it('uses a given baseline once it has ended', () => {
    const relative: SuccessMetricDefinition = {
      ...base,
      comparator: 'DECREASE_BY_PERCENT',
      target: 5,
      baseline: { from: '2026-01-01T00:00:00Z', to: '2026-03-10T00:00:00Z' },
    };
    expect(planEvaluation(relative, delivered, new Date('2026-03-05T00:00:00Z'))).toMatchObject({ kind: 'PENDING', reason: 'The baseline window ends at 2026-03-10T00:00:00.000Z.' });
    expect(planEvaluation(relative, delivered, new Date('2026-03-11T00:00:00Z'))).toMatchObject({
      kind: 'QUERY',
      baselineRange: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-10T00:00:00Z') },
    });
  });

  it('never queries the future, never outside the window, and baselines touch the range (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 366 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: -40 * DAY, max: 400 * DAY }),
        (days, offsetDays, elapsed) => {
          const definition: SuccessMetricDefinition = { ...base, comparator: 'INCREASE_BY_PERCENT', target: 1, window: { anchor: 'DELIVERED', days, offsetDays } };
          const now = new Date(delivered.getTime() + elapsed);
          const plan = planEvaluation(definition, delivered, now);
          const start = delivered.getTime() + offsetDays * DAY;
          if (now.getTime() <= start) {
            expect(plan.kind).toBe('PENDING');
            return;
          }
          if (plan.kind !== 'QUERY' || !plan.baselineRange) throw new Error('expected a query plan with a baseline');
          expect(plan.range.from.getTime()).toBe(start);
          expect(plan.range.to.getTime()).toBe(Math.min(now.getTime(), start + days * DAY));
          expect(plan.windowComplete).toBe(now.getTime() >= start + days * DAY);
          expect(plan.baselineRange.to).toEqual(plan.range.from);
          expect(plan.baselineRange.to.getTime() - plan.baselineRange.from.getTime()).toBe(plan.range.to.getTime() - plan.range.from.getTime());
        },
      ),
    );
  });
});
