import { decodeDecisionBatch } from './decision-batch.decoder';

const VERSION = '6f1c1a52-9b8f-4e55-9a37-000000000001';
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeDecisionBatch', () => {
  it('accepts a v1 envelope and leaves the rows to the row validator', () => {
    const out = decodeDecisionBatch(bytes({ v: 1, modelVersionId: VERSION, actor: 'service:scorer', decisions: [{ anything: true }] }));
    expect(out).toMatchObject({ ok: true, batch: { v: 1, modelVersionId: VERSION, actor: 'service:scorer', decisions: [{ anything: true }] } });
  });

  it('keeps the reason (and what it could read) for a bad envelope', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /not JSON/],
      [[1, 2], /not a JSON object/],
      [{ v: 2, modelVersionId: VERSION, actor: 'a', decisions: [{}] }, /v must be 1/],
      [{ v: 1, modelVersionId: 'nope', actor: 'a', decisions: [{}] }, /modelVersionId must be a UUID/],
      [{ v: 1, modelVersionId: VERSION, actor: '', decisions: [{}] }, /actor/],
      [{ v: 1, modelVersionId: VERSION, actor: 'a', decisions: [] }, /decisions must be an array of 1 to 10000/],
      [{ v: 1, modelVersionId: VERSION, actor: 'a', decisions: Array.from({ length: 10_001 }, () => ({})) }, /1 to 10000/],
      [{ v: 1, modelVersionId: VERSION, actor: 'a', decisions: [{}], extra: 1 }, /unknown field/],
    ];
    for (const [payload, reason] of cases) {
      const out = decodeDecisionBatch(bytes(payload));
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.code).toBe('INVALID_MESSAGE');
        expect(out.reason).toMatch(reason);
        expect(out.payload).toBe(typeof payload === 'string' ? payload : JSON.stringify(payload));
      }
    }
    const partial = decodeDecisionBatch(bytes({ v: 1, modelVersionId: VERSION, actor: 'svc', decisions: 'x' }));
    expect(partial).toMatchObject({ ok: false, modelVersionId: VERSION, actor: 'svc' });
  });
});
