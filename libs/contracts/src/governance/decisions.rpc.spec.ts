import { strictValidator } from '../json-schema/strict-ajv.testing';
import {
  type DecisionBatchMessage,
  type DecisionBatchMessageV1,
  type DecisionInputDto,
  decisionBatchMessageSchema,
  decisionBatchMessageV1Schema,
  decisionInputSchema,
} from './decisions.rpc';
import { GOVERNANCE_LIMITS } from './governance.enums';

const P = '6f1c1a52-9b8f-4e55-9a37-111111111111';
const MV = '0b7e4c1e-3f3a-4d5e-8a9b-222222222222';
const row: DecisionInputDto = {
  decisionId: 'd'.repeat(GOVERNANCE_LIMITS.maxIdLength),
  subjectRef: 'subj-42',
  occurredAt: '2025-03-01T09:30:00.123456789+01:00',
  purpose: 'credit scoring',
  outcome: 'approve',
  score: -0.5,
  groundTruth: null,
  attributes: { sex: 'f', age: 41, veteran: false, region: null },
};
const minimalRow: DecisionInputDto = { decisionId: 'd1', subjectRef: 's1', occurredAt: '2025-03-01T09:30Z', purpose: 'p', outcome: 'deny' };
const v2: DecisionBatchMessage = { v: 2, projectId: P, modelVersionId: MV, decisions: [row, minimalRow] };
const v1: DecisionBatchMessageV1 = { v: 1, modelVersionId: MV, actor: 'service:credit-scorer', decisions: [minimalRow] };

const valid = (schema: object, value: unknown) => strictValidator(schema)(value) as boolean;

// The governance consumer checks these by hand (decision-batch.decoder.ts, decision-row.validator.ts)
// to answer with a reason per message and a code per row; these examples follow its rules.
describe('decision batch message (stream DECISIONS)', () => {
  it('accepts v2 (the project in the payload) and the deprecated v1 (the actor in the payload)', () => {
    expect(valid(decisionBatchMessageSchema, v2)).toBe(true);
    expect(valid(decisionBatchMessageV1Schema, v1)).toBe(true);
    expect(valid(decisionBatchMessageSchema, v1)).toBe(false);
    expect(valid(decisionBatchMessageV1Schema, v2)).toBe(false);
  });

  it.each([
    ['version 3', { v: 3 }],
    ['an actor (v2 takes it from the envelope headers)', { actor: 'service:x' }],
    ['projectId no UUID', { projectId: 'p1' }],
    ['modelVersionId no UUID', { modelVersionId: 'm1' }],
    ['no decision', { decisions: [] }],
    ['too many decisions', { decisions: Array(GOVERNANCE_LIMITS.maxDecisionsPerCall + 1).fill(minimalRow) }],
  ])('refuses v2 with %s', (_why, patch) => {
    expect(valid(decisionBatchMessageSchema, { ...v2, ...patch })).toBe(false);
  });

  it.each([
    ['an empty actor', { actor: '' }],
    ['an actor too long', { actor: 'a'.repeat(GOVERNANCE_LIMITS.maxNameLength + 1) }],
    ['a project', { projectId: P }],
  ])('refuses v1 with %s', (_why, patch) => {
    expect(valid(decisionBatchMessageV1Schema, { ...v1, ...patch })).toBe(false);
  });

  it('refuses a message or row without any one of its required fields', () => {
    for (const [schema, whole] of [
      [decisionBatchMessageSchema, v2],
      [decisionBatchMessageV1Schema, v1],
      [decisionInputSchema, row],
    ] as const) {
      for (const key of schema.required ?? []) {
        const { [key]: _dropped, ...rest } = whole as Record<string, unknown>;
        expect({ key, accepted: valid(schema, rest) }).toEqual({ key, accepted: false });
      }
    }
    expect(decisionInputSchema.required).toEqual(['decisionId', 'subjectRef', 'occurredAt', 'purpose', 'outcome']);
  });

  it.each([
    ['an unknown field', { model: 'x' }],
    ['a blank decisionId', { decisionId: ' \t' }],
    ['a decisionId too long', { decisionId: 'd'.repeat(GOVERNANCE_LIMITS.maxIdLength + 1) }],
    ['a null required field', { purpose: null }],
    ['an outcome too long', { outcome: 'o'.repeat(GOVERNANCE_LIMITS.maxNameLength + 1) }],
    ['occurredAt without offset', { occurredAt: '2025-03-01T09:30:00' }],
    ['occurredAt without time', { occurredAt: '2025-03-01' }],
    ['a score as text', { score: '0.5' }],
    ['an empty groundTruth', { groundTruth: '' }],
    ['nested attributes', { attributes: { address: { city: 'Berlin' } } }],
    ['attributes a list', { attributes: ['f'] }],
  ])('refuses a row with %s', (_why, patch) => {
    expect(valid(decisionInputSchema, { ...row, ...patch })).toBe(false);
    expect(valid(decisionBatchMessageSchema, { ...v2, decisions: [{ ...row, ...patch }] })).toBe(false);
  });
});
