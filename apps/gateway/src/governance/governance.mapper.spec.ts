import { DomainError, GOVERNANCE_LIMITS, type ModelDto } from '@fulcrum/contracts';
import { assertBatchSize, toDecisionDto } from './decisions.mapper';
import { toFairnessReportRequest, toReferenceGroup } from './fairness.mapper';
import { toModel, toRegisterModelVersionRequest, toSetAliasRequest } from './model-registry.mapper';

const SHA = `sha256:${'a'.repeat(64)}`;
const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('governance input mapping', () => {
  it('maps a version registration field by field, with its project, no actor, and absent grounds as null', () => {
    const input = {
      projectId: PROJECT,
      modelId: 'm-1',
      artifactDigest: SHA,
      trainingDataset: { name: 'loans', version: '2026-01', contentHash: SHA, rows: 120_000, source: 's3://bucket/loans.parquet' },
      features: [
        { name: 'income', sensitivity: 'PERSONAL' as const },
        { name: 'health', sensitivity: 'SPECIAL_CATEGORY' as const },
      ],
      purposes: ['credit-scoring'],
      legalBasis: 'CONTRACT' as const,
      solelyAutomatedSignificantDecisions: false,
      humanReviewAvailable: true,
      retentionDays: 365,
    };
    expect(toRegisterModelVersionRequest(input)).toEqual({
      ...input,
      specialCategoryGround: null,
      automatedDecisionBasis: null,
    });
    // A client cannot smuggle fields (e.g. an actor of its choosing) through: only known fields are copied.
    const smuggled = { ...input, actor: 'someone-else', extra: 1 } as typeof input;
    const request = toRegisterModelVersionRequest(smuggled) as unknown as Record<string, unknown>;
    expect(request).not.toHaveProperty('actor');
    expect(request).not.toHaveProperty('extra');
  });

  it('sends gateOverrideReason only when given', () => {
    const base = { projectId: PROJECT, modelId: 'm', alias: 'production', versionId: 'v', reason: 'ship it' };
    expect(toSetAliasRequest(base)).toEqual(base);
    expect(toSetAliasRequest({ ...base, gateOverrideReason: null })).not.toHaveProperty('gateOverrideReason');
    expect(toSetAliasRequest({ ...base, gateOverrideReason: 'board decision 12' })).toEqual({ ...base, gateOverrideReason: 'board decision 12' });
  });

  it('passes decision rows on as sent, optional fields only when present', () => {
    const row = { decisionId: 'd1', subjectRef: 's1', occurredAt: '2026-03-01T09:30:00+01:00', purpose: 'credit', outcome: 'approve' };
    expect(toDecisionDto(row)).toEqual(row);
    expect(toDecisionDto({ ...row, score: 0, groundTruth: null, attributes: { sex: 'F', age: 41 } })).toEqual({
      ...row,
      score: 0,
      groundTruth: null,
      attributes: { sex: 'F', age: 41 },
    });
  });

  it('refuses empty and oversized batches with VALIDATION_FAILED (BAD_USER_INPUT)', () => {
    expect(codeOf(() => assertBatchSize('decisions', GOVERNANCE_LIMITS.maxDecisionsPerCall))).toBeUndefined();
    expect(codeOf(() => assertBatchSize('decisions', 1))).toBeUndefined();
    expect(codeOf(() => assertBatchSize('decisions', GOVERNANCE_LIMITS.maxDecisionsPerCall + 1))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => assertBatchSize('decisions', 0))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => assertBatchSize('outcomes', GOVERNANCE_LIMITS.maxOutcomesPerCall + 1))).toBe('VALIDATION_FAILED');
  });

  it('turns the reference group list into the contract object and refuses a repeated attribute', () => {
    expect(toReferenceGroup([{ attribute: 'sex', value: 'M' }, { attribute: 'race', value: null }])).toEqual({ sex: 'M', race: null });
    expect(codeOf(() => toReferenceGroup([{ attribute: 'sex', value: 'M' }, { attribute: 'sex', value: 'F' }]))).toBe('VALIDATION_FAILED');
    const request = toFairnessReportRequest({
      projectId: PROJECT,
      modelVersionId: 'v',
      attributes: ['sex'],
      positiveOutcome: 'approve',
      positiveGroundTruth: 'repaid',
      favorableOutcome: 'approve',
      from: new Date('2026-01-01T00:00:00+01:00'),
    });
    expect(request).toEqual({
      projectId: PROJECT,
      modelVersionId: 'v',
      attributes: ['sex'],
      positiveOutcome: 'approve',
      positiveGroundTruth: 'repaid',
      favorableOutcome: 'approve',
      referenceGroup: null,
      from: '2025-12-31T23:00:00.000Z',
      to: null,
      minGroupSize: null,
    });
    expect(codeOf(() => toFairnessReportRequest({ ...request, referenceGroup: undefined, from: new Date('nope'), to: undefined, minGroupSize: undefined }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('maps timestamps of models to dates', () => {
    const dto: ModelDto = {
      id: 'm',
      projectId: PROJECT,
      name: 'scorer',
      description: '',
      owner: 'risk',
      riskLevel: 'HIGH',
      createdAt: '2026-03-01T09:30:00.000Z',
      createdBy: 'user:0b7c6f1e-0000-4000-8000-000000000001',
      versionCount: 1,
      aliases: [{ alias: 'staging', versionId: 'v', version: 1, movedAt: '2026-03-02T00:00:00.000Z', movedBy: 'x' }],
    };
    const model = toModel(dto);
    expect(model).toMatchObject({ projectId: PROJECT, versionCount: 1 });
    expect(model.createdAt).toEqual(new Date('2026-03-01T09:30:00.000Z'));
    expect(model.aliases[0].movedAt.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });
});
