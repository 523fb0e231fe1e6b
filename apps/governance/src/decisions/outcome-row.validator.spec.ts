import { collapseOutcomeRepeats, validateOutcomeRow } from './outcome-row.validator';

describe('validateOutcomeRow', () => {
  it('keeps { decisionId, groundTruth } and codes the rest', () => {
    expect(validateOutcomeRow({ decisionId: 'd-1', groundTruth: 'repaid' }, 0)).toEqual({ ok: true, row: { decisionId: 'd-1', groundTruth: 'repaid' } });
    const cases: Array<[unknown, string, RegExp]> = [
      [{ groundTruth: 'x' }, 'MISSING_FIELD', /decisionId is required/],
      [{ decisionId: 'd', groundTruth: null }, 'MISSING_FIELD', /groundTruth is required/],
      [{ decisionId: 'd', groundTruth: 1 }, 'INVALID_FIELD', /groundTruth must be a string/],
      [{ decisionId: '', groundTruth: 'x' }, 'INVALID_FIELD', /decisionId must not be empty/],
      [{ decisionId: 'd', groundTruth: 'x', note: 1 }, 'INVALID_FIELD', /unknown field/],
      [[1], 'INVALID_FIELD', /JSON object/],
    ];
    for (const [raw, code, message] of cases) {
      const v = validateOutcomeRow(raw, 4);
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.rejection).toMatchObject({ index: 4, code });
        expect(v.rejection.message).toMatch(message);
      }
    }
  });

  it('absorbs an identical repeat and rejects a contradicting one', () => {
    const { unique, rejected } = collapseOutcomeRepeats([
      { index: 0, row: { decisionId: 'a', groundTruth: 'repaid' } },
      { index: 1, row: { decisionId: 'a', groundTruth: 'repaid' } },
      { index: 2, row: { decisionId: 'a', groundTruth: 'defaulted' } },
      { index: 3, row: { decisionId: 'b', groundTruth: 'repaid' } },
    ]);
    expect(unique.map((u) => u.index)).toEqual([0, 3]);
    expect(rejected).toEqual([{ index: 2, code: 'DECISION_ID_CONFLICT', message: expect.stringContaining('different groundTruth') }]);
  });
});
