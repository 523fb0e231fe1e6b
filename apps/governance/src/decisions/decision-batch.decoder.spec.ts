import { decodeDecisionBatch } from './decision-batch.decoder';

const VERSION = '6f1c1a52-9b8f-4e55-9a37-000000000001';
const PROJECT = '9dd61848-0a63-42c1-b9f1-03bca54d7eac';
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeDecisionBatch', () => {
  it('accepts a v2 envelope (project in the payload, actor in the headers) and leaves the rows to the row validator', () => {
    const out = decodeDecisionBatch(bytes({ v: 2, projectId: PROJECT.toUpperCase(), modelVersionId: VERSION, decisions: [{ anything: true }] }));
    expect(out).toEqual({
      ok: true,
      batch: { v: 2, projectId: PROJECT, modelVersionId: VERSION, payloadActor: null, decisions: [{ anything: true }] },
      payload: expect.any(String),
    });
  });

  it('still accepts a v1 envelope from before projects (actor in the payload, no project)', () => {
    const out = decodeDecisionBatch(bytes({ v: 1, modelVersionId: VERSION, actor: 'service:scorer', decisions: [{ anything: true }] }));
    expect(out).toMatchObject({ ok: true, batch: { v: 1, projectId: null, modelVersionId: VERSION, payloadActor: 'service:scorer' } });
  });

  it('keeps the reason (and what it could read) for a bad envelope', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /not JSON/],
      [[1, 2], /not a JSON object/],
      [{ v: 3, projectId: PROJECT, modelVersionId: VERSION, decisions: [{}] }, /v must be 2/],
      [{ v: 2, modelVersionId: VERSION, decisions: [{}] }, /projectId must be a UUID/],
      [{ v: 2, projectId: 'p1', modelVersionId: VERSION, decisions: [{}] }, /projectId must be a UUID/],
      [{ v: 2, projectId: PROJECT, modelVersionId: VERSION, actor: 'a', decisions: [{}] }, /unknown field\(s\) of a v2 message: actor/],
      [{ v: 1, projectId: PROJECT, modelVersionId: VERSION, actor: 'a', decisions: [{}] }, /unknown field\(s\) of a v1 message: projectId/],
      [{ v: 2, projectId: PROJECT, modelVersionId: 'nope', decisions: [{}] }, /modelVersionId must be a UUID/],
      [{ v: 1, modelVersionId: VERSION, actor: '', decisions: [{}] }, /actor/],
      [{ v: 2, projectId: PROJECT, modelVersionId: VERSION, decisions: [] }, /decisions must be an array of 1 to 10000/],
      [{ v: 2, projectId: PROJECT, modelVersionId: VERSION, decisions: Array.from({ length: 10_001 }, () => ({})) }, /1 to 10000/],
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
    const partial = decodeDecisionBatch(bytes({ v: 2, projectId: PROJECT, modelVersionId: VERSION, decisions: 'x' }));
    expect(partial).toMatchObject({ ok: false, projectId: PROJECT, modelVersionId: VERSION, actor: null });
  });
});
