import { checkPurposeLimitation, checkRecordKeeping, checkStorageLimitation } from './decision-log-rules.checks';

describe('gdpr-art-5-1-b purpose limitation', () => {
  it('fails with the undeclared purposes, passes when all are declared, n/a without decisions', () => {
    const byPurpose = [{ purpose: 'marketing', n: 3, sampleDecisionIds: ['a', 'b', 'c'] }];
    expect(checkPurposeLimitation(['credit'], { total: 10, undeclared: 3, byPurpose })).toMatchObject({
      status: 'FAIL',
      summary: '3 of 10 decision(s) have a purpose the version did not declare ("marketing": 3).',
      evidence: { undeclaredPurposes: byPurpose, declaredPurposes: ['credit'] },
    });
    expect(checkPurposeLimitation(['credit'], { total: 10, undeclared: 0, byPurpose: [] }).status).toBe('PASS');
    expect(checkPurposeLimitation(['credit'], { total: 0, undeclared: 0, byPurpose: [] }).status).toBe('NOT_APPLICABLE');
  });
});

describe('gdpr-art-5-1-e storage limitation', () => {
  const cutoff = new Date('2025-01-01T00:00:00Z');
  it('fails when decisions older than the retention still hold personal data', () => {
    expect(checkStorageLimitation(30, cutoff, { total: 5, overdue: 2, oldestOverdue: '2024-11-01T00:00:00.000Z', sampleDecisionIds: ['x', 'y'] })).toMatchObject({
      status: 'FAIL',
      evidence: { overdueDecisions: 2, cutoff: '2025-01-01T00:00:00.000Z', retentionDays: 30 },
    });
    expect(checkStorageLimitation(30, cutoff, { total: 5, overdue: 0, oldestOverdue: null, sampleDecisionIds: [] }).status).toBe('PASS');
    expect(checkStorageLimitation(30, cutoff, { total: 0, overdue: 0, oldestOverdue: null, sampleDecisionIds: [] }).status).toBe('NOT_APPLICABLE');
  });
});

describe('eu-ai-act-art-12 record-keeping', () => {
  const complete = { examined: 4, incomplete: 0, missing: { occurredAt: 0, purpose: 0 }, sampleDecisionIds: [] };
  it('applies to high-risk versions only and counts incomplete decisions', () => {
    expect(checkRecordKeeping('MINIMAL', complete).status).toBe('NOT_APPLICABLE');
    expect(checkRecordKeeping('HIGH', complete).status).toBe('PASS');
    expect(checkRecordKeeping('HIGH', { ...complete, examined: 0 }).status).toBe('NOT_APPLICABLE');
    expect(checkRecordKeeping('HIGH', { examined: 4, incomplete: 1, missing: { occurredAt: 0, purpose: 1 }, sampleDecisionIds: ['p'] })).toMatchObject({
      status: 'FAIL',
      summary: '1 of 4 decision(s) lack a required field (purpose: 1).',
    });
  });
});
