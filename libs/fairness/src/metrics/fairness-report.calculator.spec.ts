import { DomainError } from '@fulcrum/contracts';
import { computeFairnessReport, type GroupFairness } from './fairness-report.calculator';
import type { GroupCounts, GroupCountsTable } from './group-counts.model';

// The Fairlearn user-guide fixture from test/fixtures/datasets/fairness/README.md.
const Y_TRUE = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const Y_PRED = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const GROUP = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];

/** Hand-counted from the arrays above (a: rows 2,8,9,11; b: 0,1,3,4,12,15; c: 5,6,7,10,13,14,16,17). */
const FIXTURE: GroupCountsTable = {
  attributes: ['group'],
  groups: [
    { values: ['a'], n: 4, favorable: 3, predictedPositive: 3, labeled: 4, tp: 1, fp: 2, tn: 0, fn: 1 },
    { values: ['b'], n: 6, favorable: 3, predictedPositive: 3, labeled: 6, tp: 3, fp: 0, tn: 1, fn: 2 },
    { values: ['c'], n: 8, favorable: 4, predictedPositive: 4, labeled: 8, tp: 2, fp: 2, tn: 1, fn: 3 },
  ],
};
const LABELS = { favorableOutcome: '1', positiveOutcome: '1', positiveGroundTruth: '1' };

function within(actual: number | null, expected: number, tolerance = 1e-6): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

function byLabel(groups: readonly GroupFairness[], label: string): GroupFairness {
  const g = groups.find((x) => x.label === label);
  if (!g) throw new Error(`no group ${label}`);
  return g;
}

describe('computeFairnessReport on the Fairlearn fixture', () => {
  it('the hand counts agree with the arrays', () => {
    for (const g of FIXTURE.groups) {
      const idx = GROUP.flatMap((x, i) => (x === g.values[0] ? [i] : []));
      expect(idx.length).toBe(g.n);
      expect(idx.filter((i) => Y_PRED[i] === 1).length).toBe(g.favorable);
      expect(idx.filter((i) => Y_PRED[i] === 1 && Y_TRUE[i] === 1).length).toBe(g.tp);
      expect(idx.filter((i) => Y_PRED[i] === 1 && Y_TRUE[i] === 0).length).toBe(g.fp);
      expect(idx.filter((i) => Y_PRED[i] === 0 && Y_TRUE[i] === 0).length).toBe(g.tn);
      expect(idx.filter((i) => Y_PRED[i] === 0 && Y_TRUE[i] === 1).length).toBe(g.fn);
    }
  });

  const report = computeFairnessReport(FIXTURE, LABELS);

  it('per group: selection rate 0.75 / 0.5 / 0.5, TPR 0.5 / 0.6 / 0.4, FPR 1 / 0 / 0.667', () => {
    const [a, b, c] = ['group=a', 'group=b', 'group=c'].map((l) => byLabel(report.groups, l));
    within(a.selectionRate, 0.75);
    within(b.selectionRate, 0.5);
    within(c.selectionRate, 0.5);
    within(a.truePositiveRate, 0.5);
    within(b.truePositiveRate, 0.6);
    within(c.truePositiveRate, 0.4);
    within(a.falsePositiveRate, 1);
    within(b.falsePositiveRate, 0);
    within(c.falsePositiveRate, 2 / 3);
    within(a.falseNegativeRate, 0.5);
    within(c.falseNegativeRate, 0.6);
    within(a.positivePredictiveValue, 1 / 3);
    within(b.positivePredictiveValue, 1);
    within(c.positivePredictiveValue, 0.5);
  });

  it('Fairlearn summaries: DP difference 0.25, ratio 0.6667; EO difference 1.0, ratio 0.0; to overall 0.194444 / 0.740741', () => {
    const s = report.summary;
    within(s.demographicParityDifference, 0.25);
    within(s.demographicParityRatio, 2 / 3);
    within(s.equalizedOddsDifference, 1.0);
    within(s.equalizedOddsRatio, 0.0);
    within(s.overallSelectionRate, 10 / 18);
    within(s.demographicParityDifferenceToOverall, 0.194444);
    within(s.demographicParityRatioToOverall, 0.740741);
    within(s.truePositiveRateDifference, 0.2);
    within(s.falsePositiveRateDifference, 1);
  });

  it('AIF360 comparisons against the highest-rate group (a), signed group − reference', () => {
    expect(report.conventions.referenceGroup).toEqual({ group: [{ attribute: 'group', value: 'a' }], label: 'group=a', chosenBy: 'HIGHEST_FAVORABLE_RATE' });
    const [a, b, c] = ['group=a', 'group=b', 'group=c'].map((l) => byLabel(report.groups, l));
    expect(a.isReference).toBe(true);
    within(a.disparateImpact, 1);
    within(a.statisticalParityDifference, 0);
    within(b.disparateImpact, 2 / 3);
    within(b.statisticalParityDifference, -0.25);
    within(b.equalOpportunityDifference, 0.1);
    within(b.averageOddsDifference, (0 - 1 + (0.6 - 0.5)) / 2);
    within(c.equalOpportunityDifference, -0.1);
    within(c.averageOddsDifference, (2 / 3 - 1 + (0.4 - 0.5)) / 2);
    expect(report.groups.every((g) => g.smallSample)).toBe(true);
    expect(report.totals).toEqual({ n: 18, favorable: 10, predictedPositive: 10, labeled: 18, groups: 3 });
  });

  it('states its conventions', () => {
    const text = report.conventions.statements.join('\n');
    expect(text).toContain('Favorable outcome: outcome = "1"');
    expect(text).toContain('predicted positive = outcome "1"; actual positive = ground truth "1"');
    expect(text).toContain('group=a, the group with the highest favorable rate');
    expect(text).toContain('Sign convention (AIF360)');
    expect(report.conventions.minGroupSize).toBe(30);
  });

  it('uses a given reference group', () => {
    const r = computeFairnessReport(FIXTURE, { ...LABELS, referenceGroup: { group: 'c' }, minGroupSize: 5 });
    expect(r.conventions.referenceGroup?.chosenBy).toBe('GIVEN');
    const a = byLabel(r.groups, 'group=a');
    within(a.disparateImpact, 1.5);
    within(a.statisticalParityDifference, 0.25);
    expect(r.groups.map((g) => g.smallSample)).toEqual([true, false, false]);
  });

  it('rejects a reference group that is not in the data or names other attributes', () => {
    expect(() => computeFairnessReport(FIXTURE, { ...LABELS, referenceGroup: { group: 'z' } })).toThrow(DomainError);
    expect(() => computeFairnessReport(FIXTURE, { ...LABELS, referenceGroup: { sex: 'a' } })).toThrow(/exactly the report attributes/);
    expect(() => computeFairnessReport(FIXTURE, { ...LABELS, minGroupSize: -1 })).toThrow(/minGroupSize/);
  });
});

describe('computeFairnessReport edge cases', () => {
  const zero = { values: [] as string[], n: 0, favorable: 0, predictedPositive: 0, labeled: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
  const g = (values: (string | null)[], counts: Partial<GroupCounts>): GroupCounts => ({ ...zero, ...counts, values });

  it('never yields NaN: zero denominators give null', () => {
    const r = computeFairnessReport(
      { attributes: ['sex'], groups: [g(['F'], { n: 10 }), g(['M'], { n: 5 })] },
      { ...LABELS },
    );
    for (const row of r.groups) {
      expect(row.selectionRate).toBe(0);
      expect(row.truePositiveRate).toBeNull();
      expect(row.falsePositiveRate).toBeNull();
      expect(row.falseNegativeRate).toBeNull();
      expect(row.positivePredictiveValue).toBeNull();
      expect(row.disparateImpact).toBeNull();
      expect(row.statisticalParityDifference).toBe(0);
      expect(row.equalOpportunityDifference).toBeNull();
      expect(row.averageOddsDifference).toBeNull();
    }
    expect(r.summary.demographicParityRatio).toBeNull();
    expect(r.summary.demographicParityDifference).toBe(0);
    expect(r.summary.equalizedOddsDifference).toBeNull();
    expect(r.summary.demographicParityRatioToOverall).toBeNull();
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    expect(r.warnings.join(' ')).toMatch(/No decision has a ground truth/);
  });

  it('reports the missing-attribute group, and does not pick it as the default reference', () => {
    const r = computeFairnessReport(
      { attributes: ['sex', 'race'], groups: [g([null, 'W'], { n: 3, favorable: 3 }), g(['F', 'W'], { n: 40, favorable: 20 }), g(['M', null], { n: 40, favorable: 30 }), g(['M', 'W'], { n: 40, favorable: 10 })] },
      LABELS,
    );
    expect(r.groups.map((x) => x.label)).toEqual(['sex=F, race=W', 'sex=M, race=W', 'sex=M, race=(missing)', 'sex=(missing), race=W']);
    expect(r.conventions.referenceGroup?.label).toBe('sex=F, race=W');
    expect(byLabel(r.groups, 'sex=(missing), race=W').missingAttributes).toEqual(['sex']);
    expect(r.warnings.join('\n')).toContain('3 decision(s) lack sex: reported as group sex=(missing), race=W.');
    expect(r.totals.n).toBe(123);
  });

  it('breaks ties for the reference by larger n', () => {
    const r = computeFairnessReport({ attributes: ['x'], groups: [g(['a'], { n: 10, favorable: 5 }), g(['b'], { n: 40, favorable: 20 })] }, LABELS);
    expect(r.conventions.referenceGroup?.label).toBe('x=b');
  });

  it('an empty table gives an empty report with a warning', () => {
    const r = computeFairnessReport({ attributes: ['x'], groups: [] }, { ...LABELS, referenceGroup: { x: 'a' } });
    expect(r.groups).toEqual([]);
    expect(r.conventions.referenceGroup).toBeNull();
    expect(r.summary.demographicParityDifference).toBeNull();
    expect(r.warnings[0]).toMatch(/No decisions matched/);
  });
});
