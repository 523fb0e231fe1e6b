import type { ModelVersionDto } from '@fulcrum/contracts';
import { checkAutomatedDecisions, checkLogRetention, checkSpecialCategories } from './registry-rules.checks';

const base: ModelVersionDto = {
  id: '6f1c1a52-9b8f-4e55-9a37-000000000001',
  modelId: '6f1c1a52-9b8f-4e55-9a37-000000000002',
  modelName: 'credit',
  version: 1,
  artifactDigest: `sha256:${'a'.repeat(64)}`,
  trainingDataset: { name: 'd', version: '1', contentHash: `sha256:${'b'.repeat(64)}`, rows: 1, source: 's' },
  features: [{ name: 'income', sensitivity: 'PERSONAL' }],
  purposes: ['credit-scoring'],
  legalBasis: 'CONTRACT',
  specialCategoryGround: null,
  solelyAutomatedSignificantDecisions: false,
  automatedDecisionBasis: null,
  humanReviewAvailable: false,
  retentionDays: 365,
  aliases: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  createdBy: 'test',
};

describe('gdpr-art-9', () => {
  const health = { ...base, features: [...base.features, { name: 'diagnosis', sensitivity: 'SPECIAL_CATEGORY' as const }] };
  it('fails a special-category feature without an Art. 9(2) ground and passes it with one', () => {
    expect(checkSpecialCategories(health, null)).toMatchObject({ status: 'FAIL', evidence: { specialCategoryFeatures: ['diagnosis'], specialCategoryGround: null } });
    expect(checkSpecialCategories({ ...health, specialCategoryGround: 'EXPLICIT_CONSENT' }, null).status).toBe('PASS');
  });
  it('is not applicable without such features, but warns when decisions log race without a ground', () => {
    expect(checkSpecialCategories(base, null).status).toBe('NOT_APPLICABLE');
    expect(checkSpecialCategories(base, { attribute: 'race', decisions: 12 })).toMatchObject({ status: 'WARN', summary: expect.stringContaining('12 decision(s)') });
    expect(checkSpecialCategories({ ...base, specialCategoryGround: 'SUBSTANTIAL_PUBLIC_INTEREST' }, { attribute: 'race', decisions: 12 }).status).toBe('NOT_APPLICABLE');
  });
});

describe('gdpr-art-22', () => {
  const automated = { ...base, solelyAutomatedSignificantDecisions: true };
  it('needs both a basis and human review for solely automated significant decisions', () => {
    expect(checkAutomatedDecisions(base).status).toBe('NOT_APPLICABLE');
    expect(checkAutomatedDecisions(automated)).toMatchObject({ status: 'FAIL', summary: expect.stringMatching(/basis.*human-review/) });
    expect(checkAutomatedDecisions({ ...automated, automatedDecisionBasis: 'CONTRACT_NECESSITY' })).toMatchObject({ status: 'FAIL', summary: expect.stringContaining('human-review') });
    expect(checkAutomatedDecisions({ ...automated, humanReviewAvailable: true }).status).toBe('FAIL');
    expect(checkAutomatedDecisions({ ...automated, automatedDecisionBasis: 'EXPLICIT_CONSENT', humanReviewAvailable: true }).status).toBe('PASS');
  });
});

describe('eu-ai-act-art-19', () => {
  it('wants at least 183 days of logs for high-risk versions only', () => {
    expect(checkLogRetention('HIGH', { ...base, retentionDays: 183 }).status).toBe('PASS');
    expect(checkLogRetention('HIGH', { ...base, retentionDays: 182 })).toMatchObject({ status: 'FAIL', evidence: { retentionDays: 182, minimumDays: 183 } });
    expect(checkLogRetention('LIMITED', { ...base, retentionDays: 30 }).status).toBe('NOT_APPLICABLE');
  });
});
