import type { GroupCounts, GroupCountsTable } from '@fulcrum/fairness';
import { auditRecencyOutcome, auditValidity, biasAuditOutcome, findFavorableOutcome, fourFifthsOutcome, pickAttribute } from './fairness-rules.checks';

function group(values: Array<string | null>, n: number, favorable: number): GroupCounts {
  return { values, n, favorable, predictedPositive: favorable, labeled: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
}
const table = (attributes: string[], groups: GroupCounts[]): GroupCountsTable => ({ attributes, groups });
const approve = { outcome: 'approve', basis: 'test' } as const;

describe('findFavorableOutcome', () => {
  it('takes the single known favorable word among the labels, case-insensitively', () => {
    expect(findFavorableOutcome([{ outcome: 'deny', n: 9 }, { outcome: 'Approved', n: 3 }])).toMatchObject({ outcome: 'Approved' });
  });
  it('refuses to guess when no label, or several, are favorable words', () => {
    expect(findFavorableOutcome([{ outcome: '>50K', n: 1 }, { outcome: '<=50K', n: 2 }])).toMatchObject({ outcome: null, reason: expect.stringContaining('cannot be determined') });
    expect(findFavorableOutcome([{ outcome: 'approve', n: 1 }, { outcome: 'hired', n: 2 }])).toMatchObject({ outcome: null, reason: expect.stringContaining('ambiguous') });
    expect(findFavorableOutcome([])).toMatchObject({ outcome: null, reason: 'No decisions in the audited range.' });
  });
});

describe('pickAttribute', () => {
  it('takes the first candidate some decision carries', () => {
    const presence = new Map([['sex', 0], ['gender', 4], ['race', 2], ['ethnicity', 5]]);
    expect(pickAttribute(['sex', 'gender'], presence)).toEqual({ attribute: 'gender', decisions: 4, present: ['gender'] });
    expect(pickAttribute(['race_ethnicity', 'race', 'ethnicity'], presence)).toEqual({ attribute: 'race', decisions: 2, present: ['race', 'ethnicity'] });
    expect(pickAttribute(['x'], presence)).toEqual({ attribute: null, decisions: 0, present: [] });
  });
});

describe('eeoc-four-fifths per attribute', () => {
  const attributes = { sex: 'sex', raceEthnicity: 'race' };
  it('is the worst of the sex and race findings', () => {
    const sex = table(['sex'], [group(['F'], 100, 60), group(['M'], 100, 70)]); // 0.857: pass
    const race = table(['race'], [group(['A'], 100, 40), group(['B'], 100, 70)]); // 0.571: fail
    const out = fourFifthsOutcome(approve, attributes, [
      { role: 'sex', counts: sex },
      { role: 'raceEthnicity', counts: race },
    ]);
    expect(out.status).toBe('FAIL');
    expect(out.evidence).toMatchObject({ favorableOutcome: 'approve', perAttribute: [{ attribute: 'sex', status: 'PASS' }, { attribute: 'race', status: 'FAIL' }] });
    expect(fourFifthsOutcome(approve, attributes, [{ role: 'sex', counts: sex }]).status).toBe('PASS');
  });
  it('is not applicable without a favorable outcome or without protected attributes', () => {
    expect(fourFifthsOutcome({ outcome: null, reason: 'why', outcomesSeen: [] }, attributes, []).status).toBe('NOT_APPLICABLE');
    expect(fourFifthsOutcome(approve, { sex: null, raceEthnicity: null }, []).status).toBe('NOT_APPLICABLE');
  });
});

describe('nyc-ll144-bias-audit', () => {
  it('computes the sex, race and intersectional tables from one table', () => {
    const counts = table(['sex', 'race'], [group(['F', 'A'], 50, 20), group(['F', 'B'], 50, 25), group(['M', 'A'], 50, 22), group(['M', 'B'], 50, 24)]);
    const out = biasAuditOutcome(approve, { sex: 'sex', raceEthnicity: 'race' }, counts);
    expect(out.status).toBe('PASS');
    expect(out.evidence).toMatchObject({ sexAttribute: 'sex', raceEthnicityAttribute: 'race', sex: { status: 'PASS' }, intersectional: { status: 'PASS' } });
  });
  it('fails when race was never logged (the required table cannot be produced)', () => {
    const counts = table(['sex', 'race_ethnicity'], [group(['F', null], 50, 20), group(['M', null], 50, 22)]);
    expect(biasAuditOutcome(approve, { sex: 'sex', raceEthnicity: null }, counts).status).toBe('FAIL');
  });
  it('is not applicable when no protected attribute is logged', () => {
    expect(biasAuditOutcome(approve, { sex: null, raceEthnicity: null }, null).status).toBe('NOT_APPLICABLE');
  });
});

describe('nyc-ll144-audit-recency', () => {
  const attributes = { sex: 'sex', raceEthnicity: null };
  const none = { uncovered: 0, firstUncovered: null, lastUncovered: null, sampleDecisionIds: [] };
  it('passes when every use is within a year after a bias audit', () => {
    const audit = new Date('2025-01-10T00:00:00Z');
    const out = auditRecencyOutcome(attributes, { decisionsInRange: 3, latestUse: '2025-06-01T00:00:00.000Z', auditDates: [audit], uncovered: none });
    expect(out.status).toBe('PASS');
    expect(out.evidence).toMatchObject({ latestUseCheck: { status: 'PASS', evidence: { auditDate: '2025-01-10T00:00:00.000Z' } } });
  });
  it('fails with the count of uses not covered', () => {
    const out = auditRecencyOutcome(attributes, {
      decisionsInRange: 3,
      latestUse: '2025-06-01T00:00:00.000Z',
      auditDates: [],
      uncovered: { uncovered: 3, firstUncovered: '2025-05-01T00:00:00.000Z', lastUncovered: '2025-06-01T00:00:00.000Z', sampleDecisionIds: ['a'] },
    });
    expect(out).toMatchObject({ status: 'FAIL', summary: '3 decision(s) in the range were made with no earlier bias audit of this version.' });
  });
  it('is not applicable without decisions or protected attributes', () => {
    expect(auditRecencyOutcome(attributes, { decisionsInRange: 0, latestUse: null, auditDates: [], uncovered: none }).status).toBe('NOT_APPLICABLE');
    expect(auditRecencyOutcome({ sex: null, raceEthnicity: null }, { decisionsInRange: 2, latestUse: '2025-01-01T00:00:00.000Z', auditDates: [], uncovered: none }).status).toBe('NOT_APPLICABLE');
  });
  it('an audit on 29 February covers use until 1 March of the next year', () => {
    expect(auditValidity(new Date('2024-02-29T12:00:00Z')).end.toISOString()).toBe('2025-03-01T12:00:00.000Z');
  });
});
