import type { GroupCounts, GroupCountsTable } from '../metrics/group-counts.model';
import { checkFourFifthsRule, FOUR_FIFTHS_CITATION, FOUR_FIFTHS_RULE_ID } from './four-fifths.rule';

function group(values: (string | null)[], n: number, favorable: number): GroupCounts {
  return { values, n, favorable, predictedPositive: favorable, labeled: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
}
const table = (...groups: GroupCounts[]): GroupCountsTable => ({ attributes: ['sex'], groups });

describe('checkFourFifthsRule (29 CFR 1607.4(D))', () => {
  it('an impact ratio of exactly 0.8 passes (decided on integers, not floats)', () => {
    // (60/100) ÷ (90/120) is exactly 4/5, but 0.7999999999999999 in floating point.
    expect(60 / 100 / (90 / 120)).toBeLessThan(0.8);
    const f = checkFourFifthsRule(table(group(['F'], 100, 60), group(['M'], 120, 90)));
    expect(f.ruleId).toBe(FOUR_FIFTHS_RULE_ID);
    expect(f.citation).toBe(FOUR_FIFTHS_CITATION);
    expect(f.citation).toContain('29 CFR 1607.4(D)');
    expect(f.status).toBe('PASS');
    expect(f.evidence.table.categories.find((c) => c.label === 'sex=F')?.impactRatio).toBeCloseTo(0.8, 12);
    expect(f.evidence.table.highest).toEqual({ label: 'sex=M', n: 120, selected: 90, selectionRate: 0.75 });
  });

  it('fails just below 0.8 and names the failing group', () => {
    const f = checkFourFifthsRule(table(group(['F'], 100, 39), group(['M'], 100, 49)));
    expect(f.status).toBe('FAIL');
    expect(f.evidence.failing).toEqual(['sex=F']);
    expect(f.evidence.summary).toContain('sex=F 0.7959 (n=100)');
  });

  it('warns instead when the failing group is a small sample', () => {
    const f = checkFourFifthsRule(table(group(['F'], 20, 2), group(['M'], 100, 50)));
    expect(f.status).toBe('WARN');
    expect(f.evidence.failing).toEqual([]);
    expect(f.evidence.failingSmallSample).toEqual(['sex=F']);
  });

  it('warns when the highest-rate group is a small sample, and honours minGroupSize', () => {
    const tiny = table(group(['X'], 5, 5), group(['F'], 100, 50), group(['M'], 100, 50));
    expect(checkFourFifthsRule(tiny).status).toBe('WARN');
    expect(checkFourFifthsRule(tiny, { minGroupSize: 5 }).status).toBe('FAIL');
  });

  it('is NOT_APPLICABLE with a reason when the highest rate is zero', () => {
    const f = checkFourFifthsRule(table(group(['F'], 50, 0), group(['M'], 60, 0)));
    expect(f.status).toBe('NOT_APPLICABLE');
    expect(f.evidence.summary).toMatch(/highest selection rate is 0/);
    expect(f.evidence.table.categories.every((c) => c.impactRatio === null)).toBe(true);
  });

  it('is NOT_APPLICABLE with fewer than two known categories, or no decisions', () => {
    expect(checkFourFifthsRule(table(group(['F'], 50, 10), group([null], 50, 40))).status).toBe('NOT_APPLICABLE');
    const none = checkFourFifthsRule(table());
    expect(none.status).toBe('NOT_APPLICABLE');
    expect(none.evidence.summary).toMatch(/No decisions/);
  });

  it('leaves decisions with a missing category out, and discloses them', () => {
    const f = checkFourFifthsRule(table(group(['F'], 100, 45), group(['M'], 100, 50), group([null], 10, 10)));
    expect(f.status).toBe('PASS');
    expect(f.evidence.table.unknown).toEqual({ n: 10, selected: 10, groups: ['sex=(missing)'] });
    expect(f.evidence.table.highest?.label).toBe('sex=M');
    expect(f.evidence.summary).toContain('10 decision(s) with an unknown category were left out');
  });

  it('on the Fairlearn fixture (README worked example): b and c at 0.6667 of a, all small samples → WARN; FAIL when size is ignored', () => {
    const fixture: GroupCountsTable = { attributes: ['group'], groups: [group(['a'], 4, 3), group(['b'], 6, 3), group(['c'], 8, 4)] };
    const f = checkFourFifthsRule(fixture);
    expect(f.status).toBe('WARN');
    expect(f.evidence.failingSmallSample).toEqual(['group=b', 'group=c']);
    expect(checkFourFifthsRule(fixture, { minGroupSize: 0 }).status).toBe('FAIL');
  });
});
