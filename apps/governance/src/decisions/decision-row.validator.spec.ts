import { collapseBatchRepeats, decisionContent, newContentSalt, rowsHash, saltedContentHash } from './decision-content.hasher';
import { parseIsoWithOffset, validateDecisionRow } from './decision-row.validator';

const VERSION = '6f1c1a52-9b8f-4e55-9a37-000000000001';
const good = {
  decisionId: 'd-1',
  subjectRef: 'subj-7f3c',
  occurredAt: '2025-03-01T10:30:00+01:00',
  purpose: 'credit-scoring',
  outcome: 'approve',
  score: 0.82,
  groundTruth: null,
  attributes: { sex: 'Female', age: 41, veteran: false, region: null },
};

function rejectionOf(raw: unknown): { code: string; message: string } {
  const v = validateDecisionRow(raw, 3);
  if (v.ok) throw new Error(`expected a rejection for ${JSON.stringify(raw)}`);
  expect(v.rejection.index).toBe(3);
  return v.rejection;
}

describe('validateDecisionRow', () => {
  it('keeps a good row, normalising occurredAt to UTC and absent optionals to null / {}', () => {
    const v = validateDecisionRow(good, 0);
    expect(v).toEqual({ ok: true, row: { ...good, occurredAt: '2025-03-01T09:30:00.000Z' } });
    const minimal = validateDecisionRow({ decisionId: 'd', subjectRef: 's', occurredAt: '2025-03-01T09:30Z', purpose: 'p', outcome: 'o' }, 0);
    expect(minimal).toEqual({
      ok: true,
      row: { decisionId: 'd', subjectRef: 's', occurredAt: '2025-03-01T09:30:00.000Z', purpose: 'p', outcome: 'o', score: null, groundTruth: null, attributes: {} },
    });
  });

  it('codes missing required fields MISSING_FIELD (absent or null)', () => {
    for (const field of ['decisionId', 'subjectRef', 'occurredAt', 'purpose', 'outcome']) {
      const without: Record<string, unknown> = { ...good };
      delete without[field];
      expect(rejectionOf(without)).toMatchObject({ code: 'MISSING_FIELD', message: `${field} is required` });
      expect(rejectionOf({ ...good, [field]: null })).toMatchObject({ code: 'MISSING_FIELD' });
    }
  });

  it('codes malformed values INVALID_FIELD', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ decisionId: '' }, /decisionId must not be empty/],
      [{ decisionId: 'x'.repeat(201) }, /decisionId is longer than 200/],
      [{ decisionId: 42 }, /decisionId must be a string/],
      [{ subjectRef: '   ' }, /subjectRef must not be empty/],
      [{ subjectRef: 'jane.doe@example.com' }, /pseudonym/],
      [{ occurredAt: '2025-03-01T09:30:00' }, /offset/],
      [{ occurredAt: '2025-03-01' }, /offset/],
      [{ occurredAt: '2025-02-30T09:30:00Z' }, /offset/],
      [{ occurredAt: 'yesterday' }, /offset/],
      [{ purpose: '' }, /purpose must not be empty/],
      [{ outcome: 7 }, /outcome must be a string/],
      [{ score: '0.5' }, /score must be a finite number/],
      [{ groundTruth: '' }, /groundTruth must not be empty/],
      [{ attributes: ['sex'] }, /attributes must be an object/],
      [{ attributes: { nested: { a: 1 } } }, /attributes.nested must be a string/],
      [{ attributes: { list: [1] } }, /attributes.list/],
      [{ attributes: { big: 'x'.repeat(4_100) } }, /at most 4096/],
      [{ extra: 1 }, /unknown field\(s\): extra/],
    ];
    for (const [patch, message] of cases) {
      const r = rejectionOf({ ...good, ...patch });
      expect(r.code).toBe('INVALID_FIELD');
      expect(r.message).toMatch(message);
    }
    expect(rejectionOf('not an object')).toMatchObject({ code: 'INVALID_FIELD' });
    expect(rejectionOf(null)).toMatchObject({ code: 'INVALID_FIELD' });
  });

  it('accepts attributes of exactly 4096 bytes and refuses 4097', () => {
    const sized = (bytes: number) => ({ a: 'x'.repeat(bytes - '{"a":""}'.length) });
    expect(validateDecisionRow({ ...good, attributes: sized(4096) }, 0).ok).toBe(true);
    expect(validateDecisionRow({ ...good, attributes: sized(4097) }, 0).ok).toBe(false);
  });
});

describe('parseIsoWithOffset', () => {
  it('reads offsets and calendar dates strictly', () => {
    expect(parseIsoWithOffset('2024-02-29T23:59:59.999-05:00')).toBe('2024-03-01T04:59:59.999Z');
    expect(parseIsoWithOffset('2023-02-29T00:00:00Z')).toBeNull();
    expect(parseIsoWithOffset('2024-13-01T00:00:00Z')).toBeNull();
    expect(parseIsoWithOffset('2024-01-01T24:00:00Z')).toBeNull();
    expect(parseIsoWithOffset('2024-01-01T00:00:00+24:00')).toBeNull();
    expect(parseIsoWithOffset('2024-01-01 00:00:00Z')).toBeNull();
  });
});

describe('decision content and batch repeats', () => {
  const row = (patch: Record<string, unknown> = {}) => {
    const v = validateDecisionRow({ ...good, ...patch }, 0);
    if (!v.ok) throw new Error('bad fixture');
    return v.row;
  };

  it('the same decision sent with another offset or key order is the same content', () => {
    const a = decisionContent(VERSION, row());
    const b = decisionContent(VERSION, row({ occurredAt: '2025-03-01T09:30:00Z', attributes: { region: null, veteran: false, age: 41, sex: 'Female' } }));
    const salt = newContentSalt();
    expect(saltedContentHash(salt, a)).toBe(saltedContentHash(salt, b));
    expect(saltedContentHash(salt, a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(saltedContentHash(newContentSalt(), a)).not.toBe(saltedContentHash(salt, a));
    expect(saltedContentHash(salt, decisionContent(VERSION, row({ outcome: 'deny' })))).not.toBe(saltedContentHash(salt, a));
    expect(saltedContentHash(salt, decisionContent('6f1c1a52-9b8f-4e55-9a37-000000000002', row()))).not.toBe(saltedContentHash(salt, a));
  });

  it('collapses repeats in a batch: same content → duplicate, different → DECISION_ID_CONFLICT at the later index', () => {
    const batch = collapseBatchRepeats(VERSION, [
      { index: 0, row: row() },
      { index: 1, row: row({ decisionId: 'd-2' }) },
      { index: 2, row: row() },
      { index: 3, row: row({ outcome: 'deny' }) },
    ]);
    expect(batch.candidates.map((c) => [c.index, c.row.decisionId])).toEqual([
      [0, 'd-1'],
      [1, 'd-2'],
    ]);
    expect(batch.duplicates).toBe(1);
    expect(batch.rejected).toEqual([{ index: 3, code: 'DECISION_ID_CONFLICT', message: expect.stringContaining('index 0') }]);
  });

  it('rowsHash depends on every row hash and their order', () => {
    expect(rowsHash(['sha256:a', 'sha256:b'])).not.toBe(rowsHash(['sha256:b', 'sha256:a']));
    expect(rowsHash(['sha256:a'])).toBe(rowsHash(['sha256:a']));
  });
});
