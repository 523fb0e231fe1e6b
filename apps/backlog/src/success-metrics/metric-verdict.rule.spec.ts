import fc from 'fast-check';
import type { SuccessMetricComparator } from '@fulcrum/contracts';
import { decideVerdict } from './metric-verdict.rule';

const value = (v: number) => ({ value: v });
const none = (reason: string) => ({ value: null, reason });

describe('decideVerdict', () => {
  it('compares absolute targets inclusively', () => {
    expect(decideVerdict({ comparator: 'AT_LEAST', target: 40, value: value(40), baseline: null, windowComplete: true })).toEqual({ verdict: 'MET', changePercent: null, reason: null });
    expect(decideVerdict({ comparator: 'AT_LEAST', target: 40, value: value(39.999), baseline: null, windowComplete: true }).verdict).toBe('NOT_MET');
    expect(decideVerdict({ comparator: 'AT_MOST', target: 2, value: value(2), baseline: null, windowComplete: false }).verdict).toBe('MET');
    expect(decideVerdict({ comparator: 'AT_MOST', target: 2, value: value(2.5), baseline: null, windowComplete: false }).verdict).toBe('NOT_MET');
  });

  it('is PENDING without a value while the window is open, INSUFFICIENT_DATA once it closed', () => {
    expect(decideVerdict({ comparator: 'AT_LEAST', target: 1, value: none('Nobody entered'), baseline: null, windowComplete: false })).toEqual({
      verdict: 'PENDING',
      changePercent: null,
      reason: 'Nobody entered',
    });
    expect(decideVerdict({ comparator: 'AT_LEAST', target: 1, value: none('Nobody entered'), baseline: null, windowComplete: true }).verdict).toBe('INSUFFICIENT_DATA');
  });

  it('measures relative change against the baseline, exactly at the boundary', () => {
    // 50 → 55 is exactly +10 %; 50 → 45 exactly −10 %.
    expect(decideVerdict({ comparator: 'INCREASE_BY_PERCENT', target: 10, value: value(55), baseline: value(50), windowComplete: true })).toEqual({
      verdict: 'MET',
      changePercent: 10,
      reason: null,
    });
    expect(decideVerdict({ comparator: 'INCREASE_BY_PERCENT', target: 10.01, value: value(55), baseline: value(50), windowComplete: true }).verdict).toBe('NOT_MET');
    expect(decideVerdict({ comparator: 'DECREASE_BY_PERCENT', target: 10, value: value(45), baseline: value(50), windowComplete: true })).toEqual({
      verdict: 'MET',
      changePercent: -10,
      reason: null,
    });
    expect(decideVerdict({ comparator: 'DECREASE_BY_PERCENT', target: 10, value: value(46), baseline: value(50), windowComplete: true }).verdict).toBe('NOT_MET');
    // A rise is not a decrease, whatever its size.
    expect(decideVerdict({ comparator: 'DECREASE_BY_PERCENT', target: 0, value: value(51), baseline: value(50), windowComplete: true }).verdict).toBe('NOT_MET');
  });

  it('uses the baseline’s magnitude for negative baselines (−10 → −5 is a 50 % increase)', () => {
    const outcome = decideVerdict({ comparator: 'INCREASE_BY_PERCENT', target: 50, value: value(-5), baseline: value(-10), windowComplete: true });
    expect(outcome).toEqual({ verdict: 'MET', changePercent: 50, reason: null });
  });

  it('refuses to call a change from a zero or missing baseline', () => {
    for (const comparator of ['INCREASE_BY_PERCENT', 'DECREASE_BY_PERCENT'] as const) {
      for (const v of [0, 5, -5]) {
        const outcome = decideVerdict({ comparator, target: 10, value: value(v), baseline: value(0), windowComplete: true });
        expect(outcome).toEqual({ verdict: 'INSUFFICIENT_DATA', changePercent: null, reason: 'The baseline is 0: a relative change from zero is undefined.' });
      }
      const missing = decideVerdict({ comparator, target: 10, value: value(3), baseline: none('Nobody entered the funnel (step 0) in the window.'), windowComplete: false });
      expect(missing).toMatchObject({ verdict: 'INSUFFICIENT_DATA', changePercent: null });
      expect(missing.reason).toContain('Nobody entered');
    }
  });

  it('agrees with the textbook definition of relative change on whole numbers (property)', () => {
    const comparators: SuccessMetricComparator[] = ['INCREASE_BY_PERCENT', 'DECREASE_BY_PERCENT'];
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.integer({ min: -10_000, max: 10_000 }).filter((b) => b !== 0),
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom(...comparators),
        (v, b, target, comparator) => {
          const outcome = decideVerdict({ comparator, target, value: value(v), baseline: value(b), windowComplete: true });
          // Reference in integer arithmetic: change% = (v − b) / |b| × 100, compared with ±target.
          const scaledChange = (v - b) * 100; // = change% × |b|
          const met = comparator === 'INCREASE_BY_PERCENT' ? scaledChange >= target * Math.abs(b) : -scaledChange >= target * Math.abs(b);
          expect(outcome.verdict).toBe(met ? 'MET' : 'NOT_MET');
          expect(outcome.changePercent).toBeCloseTo(((v - b) / Math.abs(b)) * 100, 9);
        },
      ),
    );
  });

  it('is monotone in the value for AT_LEAST and AT_MOST (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (v, target) => {
        const atLeast = decideVerdict({ comparator: 'AT_LEAST', target, value: value(v), baseline: null, windowComplete: true }).verdict;
        const atMost = decideVerdict({ comparator: 'AT_MOST', target, value: value(v), baseline: null, windowComplete: true }).verdict;
        expect(atLeast).toBe(v >= target ? 'MET' : 'NOT_MET');
        expect(atMost).toBe(v <= target ? 'MET' : 'NOT_MET');
        // Both hold exactly at the target.
        if (v === target) expect([atLeast, atMost]).toEqual(['MET', 'MET']);
      }),
    );
  });
});
