import { DomainError } from '@fulcrum/contracts';
import type { GroupCounts, GroupCountsTable } from '../metrics/group-counts.model';
import {
  checkNycLl144AuditRecency,
  checkNycLl144BiasAudit,
  DEFAULT_EXCLUSION_JUSTIFICATION,
  NYC_LL144_AUDIT_RECENCY_RULE_ID,
  NYC_LL144_BIAS_AUDIT_RULE_ID,
  type Ll144CategoryTable,
} from './nyc-ll144.rule';

function group(values: (string | null)[], n: number, favorable: number): GroupCounts {
  return { values, n, favorable, predictedPositive: favorable, labeled: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
}

const SEX_RACE: GroupCountsTable = {
  attributes: ['gender', 'ethnicity'],
  groups: [
    group(['F', 'White'], 400, 120),
    group(['F', 'Black'], 300, 60),
    group(['M', 'White'], 500, 200),
    group(['M', 'Black'], 280, 84),
    group(['F', 'Asian'], 10, 5),
    group(['M', null], 15, 3),
    group([null, 'White'], 5, 1),
  ],
};
const INPUT = { counts: SEX_RACE, sexAttribute: 'gender', raceEthnicityAttribute: 'ethnicity' };

function category(t: Ll144CategoryTable, label: string) {
  const c = t.categories.find((x) => x.label === label);
  if (!c) throw new Error(`no category ${label}`);
  return c;
}

describe('checkNycLl144BiasAudit', () => {
  it('computes sex, race/ethnicity and intersectional tables exactly from one sex × race table', () => {
    const f = checkNycLl144BiasAudit(INPUT);
    expect(f.ruleId).toBe(NYC_LL144_BIAS_AUDIT_RULE_ID);
    expect(f.citation).toContain('Local Law 144');
    expect(f.citation).toContain('5-301');
    const { sex, raceEthnicity, intersectional } = f.evidence;
    expect(sex.categories.map((c) => [c.label, c.n, c.selected])).toEqual([
      ['gender=F', 710, 185],
      ['gender=M', 795, 287],
    ]);
    expect(sex.unknown).toEqual({ n: 5, selected: 1, groups: ['gender=(missing)'] });
    expect(category(sex, 'gender=F').impactRatio).toBeCloseTo(185 / 710 / (287 / 795), 12);
    expect(raceEthnicity.unknown.n).toBe(15);
    expect(raceEthnicity.highest?.label).toBe('ethnicity=Asian'); // 5/10, no exclusion asked for
    expect(intersectional.categories).toHaveLength(5);
    expect(intersectional.unknown).toEqual({ n: 20, selected: 4, groups: ['gender=M, ethnicity=(missing)', 'gender=(missing), ethnicity=White'] });
    expect(intersectional.highest?.label).toBe('gender=F, ethnicity=Asian');
    expect(category(intersectional, 'gender=M, ethnicity=White').impactRatio).toBeCloseTo(0.4 / 0.5, 12);
    expect(sex.status).toBe('WARN'); // 0.7218 < 0.8: flagged, the law sets no pass mark
    expect(f.status).toBe('WARN');
    expect(f.evidence.exclusion).toMatchObject({ applied: false, justification: null, excluded: [] });
    expect(f.evidence.summary).toContain('unknown category: 5 decision(s) without gender, 15 without ethnicity, 20 left out of the intersectional table');
    expect(f.evidence.auditRecency).toBeNull();
  });

  it('excludes categories under 2% only when asked, and discloses each with its n and rate', () => {
    const f = checkNycLl144BiasAudit({ ...INPUT, excludeCategoriesUnder2Percent: true });
    const { raceEthnicity, intersectional } = f.evidence;
    expect(category(raceEthnicity, 'ethnicity=Asian')).toMatchObject({ excluded: true, impactRatio: null, n: 10, selected: 5, selectionRate: 0.5 });
    expect(raceEthnicity.highest?.label).toBe('ethnicity=White');
    expect(category(raceEthnicity, 'ethnicity=Black').impactRatio).toBeCloseTo(144 / 580 / (321 / 905), 12);
    expect(intersectional.highest?.label).toBe('gender=M, ethnicity=White');
    expect(f.evidence.exclusion.applied).toBe(true);
    expect(f.evidence.exclusion.justification).toBe(DEFAULT_EXCLUSION_JUSTIFICATION);
    expect(f.evidence.exclusion.excluded).toEqual([
      { table: 'raceEthnicity', label: 'ethnicity=Asian', n: 10, selected: 5, selectionRate: 0.5, shareOfData: 10 / 1495 },
      { table: 'intersectional', label: 'gender=F, ethnicity=Asian', n: 10, selected: 5, selectionRate: 0.5, shareOfData: 10 / 1490 },
    ]);
    expect(f.evidence.summary).toContain('excluded as under 2%: ethnicity=Asian (n=10, rate 0.5000)');
    const custom = checkNycLl144BiasAudit({ ...INPUT, excludeCategoriesUnder2Percent: true, exclusionJustification: 'too few applicants' });
    expect(custom.evidence.exclusion.justification).toBe('too few applicants');
  });

  it('keeps a category of exactly 2% and excludes one just under', () => {
    const at = (a: number, b: number): GroupCountsTable => ({ attributes: ['s', 'r'], groups: [group(['F', 'A'], a, a / 2), group(['F', 'B'], b, b)] });
    const exactly = checkNycLl144BiasAudit({ counts: at(98, 2), sexAttribute: 's', raceEthnicityAttribute: 'r', excludeCategoriesUnder2Percent: true });
    expect(exactly.evidence.exclusion.excluded).toEqual([]);
    const under = checkNycLl144BiasAudit({ counts: at(100, 2), sexAttribute: 's', raceEthnicityAttribute: 'r', excludeCategoriesUnder2Percent: true });
    expect(under.evidence.exclusion.excluded.map((e) => [e.table, e.label])).toEqual([
      ['raceEthnicity', 'r=B'],
      ['intersectional', 's=F, r=B'],
    ]);
  });

  it('passes when every ratio is at least 0.8, and folds in the audit date', () => {
    const balanced: GroupCountsTable = {
      attributes: ['sex', 'race'],
      groups: [group(['F', 'X'], 100, 40), group(['F', 'Y'], 100, 45), group(['M', 'X'], 100, 50), group(['M', 'Y'], 100, 48)],
    };
    const base = { counts: balanced, sexAttribute: 'sex', raceEthnicityAttribute: 'race' };
    const fresh = checkNycLl144BiasAudit({ ...base, audit: { auditDate: '2025-01-15T00:00:00Z', now: '2025-06-01T00:00:00Z' } });
    expect(fresh.status).toBe('PASS');
    expect(fresh.evidence.auditRecency?.status).toBe('PASS');
    const stale = checkNycLl144BiasAudit({ ...base, audit: { auditDate: '2023-01-15T00:00:00Z', now: '2025-06-01T00:00:00Z' } });
    expect(stale.status).toBe('FAIL');
    expect(stale.evidence.summary).toMatch(/audit recency: FAIL/);
  });

  it('fails when a required table cannot be produced, NOT_APPLICABLE without decisions or selections', () => {
    const noRace: GroupCountsTable = { attributes: ['sex', 'race'], groups: [group(['F', null], 50, 20), group(['M', null], 50, 25)] };
    const f = checkNycLl144BiasAudit({ counts: noRace, sexAttribute: 'sex', raceEthnicityAttribute: 'race' });
    expect(f.status).toBe('FAIL');
    expect(f.evidence.raceEthnicity.status).toBe('FAIL');
    expect(f.evidence.raceEthnicity.reason).toMatch(/No decision has a known value of race/);
    expect(f.evidence.sex.status).toBe('PASS');

    const empty = checkNycLl144BiasAudit({ counts: { attributes: ['sex', 'race'], groups: [] }, sexAttribute: 'sex', raceEthnicityAttribute: 'race' });
    expect(empty.status).toBe('NOT_APPLICABLE');

    const nobody: GroupCountsTable = { attributes: ['sex', 'race'], groups: [group(['F', 'X'], 50, 0), group(['M', 'X'], 50, 0)] };
    const none = checkNycLl144BiasAudit({ counts: nobody, sexAttribute: 'sex', raceEthnicityAttribute: 'race' });
    expect(none.status).toBe('NOT_APPLICABLE');
    expect(none.evidence.sex.reason).toMatch(/highest selection rate is 0/);
  });

  it('rejects attributes the counts are not grouped by', () => {
    expect(() => checkNycLl144BiasAudit({ ...INPUT, sexAttribute: 'sex' })).toThrow(DomainError);
    expect(() => checkNycLl144BiasAudit({ ...INPUT, raceEthnicityAttribute: 'gender' })).toThrow(/must differ/);
  });
});

describe('checkNycLl144AuditRecency', () => {
  it('passes up to exactly one year after the audit and fails after', () => {
    const ok = checkNycLl144AuditRecency({ auditDate: '2024-03-01T00:00:00Z', now: '2025-03-01T00:00:00Z' });
    expect(ok.ruleId).toBe(NYC_LL144_AUDIT_RECENCY_RULE_ID);
    expect(ok.citation).toContain('20-871');
    expect(ok.status).toBe('PASS');
    expect(ok.evidence).toMatchObject({ validUntil: '2025-03-01T00:00:00.000Z', daysSinceAudit: 365 });
    expect(checkNycLl144AuditRecency({ auditDate: '2024-03-01T00:00:00Z', now: '2025-03-01T00:00:00.001Z' }).status).toBe('FAIL');
  });

  it('runs a 29 February audit to 1 March, and fails an audit dated in the future', () => {
    expect(checkNycLl144AuditRecency({ auditDate: '2024-02-29T12:00:00Z', now: '2025-02-28T12:00:00Z' }).evidence.validUntil).toBe('2025-03-01T12:00:00.000Z');
    const future = checkNycLl144AuditRecency({ auditDate: new Date('2025-02-01T00:00:00Z'), now: new Date('2025-01-01T00:00:00Z') });
    expect(future.status).toBe('FAIL');
    expect(future.evidence.summary).toMatch(/is after/);
    expect(() => checkNycLl144AuditRecency({ auditDate: 'soon', now: '2025-01-01' })).toThrow(DomainError);
  });
});
