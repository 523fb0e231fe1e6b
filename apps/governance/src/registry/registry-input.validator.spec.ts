import type { RegisterModelVersionRequest } from '@fulcrum/contracts';
import { validateRegisterModel, validateRegisterVersion, validateSetAlias } from './registry-input.validator';

const sha = `sha256:${'a'.repeat(64)}`;
const version: RegisterModelVersionRequest = {
  projectId: '9dd61848-0a63-42c1-b9f1-03bca54d7eac',
  modelId: '00000000-0000-4000-8000-000000000000',
  artifactDigest: sha,
  trainingDataset: { name: 'd', version: '1', contentHash: sha, rows: 1, source: 's' },
  features: [
    { name: 'age', sensitivity: 'PERSONAL' },
    { name: 'health', sensitivity: 'SPECIAL_CATEGORY' },
  ],
  purposes: ['scoring'],
  legalBasis: 'CONTRACT',
  solelyAutomatedSignificantDecisions: true,
  humanReviewAvailable: false,
  retentionDays: 30,
};

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('registry input validation', () => {
  it('trims model name and owner and refuses blank ones', () => {
    expect(validateRegisterModel({ projectId: '9dd61848-0a63-42c1-b9f1-03bca54d7eac', name: '  Churn ', description: '', owner: ' risk ', riskLevel: 'HIGH' })).toMatchObject({ name: 'Churn', owner: 'risk', description: '' });
    expect(failure(() => validateRegisterModel({ projectId: '9dd61848-0a63-42c1-b9f1-03bca54d7eac', name: ' \t', description: '', owner: 'o', riskLevel: 'HIGH' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'name' },
    });
  });

  it('accepts gaps the audit rules report (special category without ground, automated decisions without basis)', () => {
    expect(validateRegisterVersion(version)).toBe(version);
  });

  it.each([
    ['duplicate feature names', { features: [{ name: 'age', sensitivity: 'NONE' }, { name: 'age', sensitivity: 'PERSONAL' }] }, 'features.1.name'],
    ['a blank feature name', { features: [{ name: ' ', sensitivity: 'NONE' }] }, 'features.0.name'],
    ['a blank purpose', { purposes: ['ok', ''] }, 'purposes.1'],
    ['a blank dataset source', { trainingDataset: { ...version.trainingDataset, source: '  ' } }, 'trainingDataset.source'],
    ['a NUL character', { trainingDataset: { ...version.trainingDataset, name: 'a\u0000' } }, 'trainingDataset.name'],
  ] as Array<[string, Partial<RegisterModelVersionRequest>, string]>)('refuses %s', (_what, overrides, field) => {
    expect(failure(() => validateRegisterVersion({ ...version, ...overrides }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
  });

  it('feature names are case-sensitive identifiers', () => {
    expect(() => validateRegisterVersion({ ...version, features: [{ name: 'Age', sensitivity: 'NONE' }, { name: 'age', sensitivity: 'NONE' }] })).not.toThrow();
  });

  it('refuses a blank move reason or override reason', () => {
    const base = { projectId: '9dd61848-0a63-42c1-b9f1-03bca54d7eac', modelId: version.modelId, alias: 'production', versionId: version.modelId, reason: 'r' };
    expect(validateSetAlias({ ...base, gateOverrideReason: null })).toEqual({ ...base, gateOverrideReason: null });
    expect(failure(() => validateSetAlias({ ...base, reason: ' ' }))).toMatchObject({ details: { field: 'reason' } });
    expect(failure(() => validateSetAlias({ ...base, gateOverrideReason: '  ' }))).toMatchObject({ details: { field: 'gateOverrideReason' } });
  });
});
