import { type ColumnPlan, parseAttributeList, parseColumnMap, parseScore, planColumns, toDecision } from './decision-columns.mapping';

const HEADER = ['decisionId', 'subjectRef', 'occurredAt', 'purpose', 'outcome', 'score', 'groundTruth', 'sex', 'race'];

function plan(header: string[], options: Partial<Parameters<typeof planColumns>[1]> = {}): ColumnPlan {
  const planned = planColumns(header, { map: {}, attributes: [], ...options });
  if ('error' in planned) throw new Error(planned.error);
  return planned;
}

describe('CSV column mapping', () => {
  it('parses --map and --attributes strictly', () => {
    expect(parseColumnMap('decisionId=id, occurredAt = decided at')).toEqual({ decisionId: 'id', occurredAt: 'decided at' });
    expect(parseColumnMap('decisionid=id')).toMatchObject({ error: expect.stringContaining('unknown field "decisionid"') });
    expect(parseColumnMap('score=')).toMatchObject({ error: expect.stringContaining('give a column for score') });
    expect(parseColumnMap('score=a,score=b')).toMatchObject({ error: expect.stringContaining('mapped twice') });
    expect(parseAttributeList('sex, race')).toEqual(['sex', 'race']);
    expect(parseAttributeList('sex,,race')).toHaveProperty('error');
    expect(parseAttributeList('sex,sex')).toMatchObject({ error: expect.stringContaining('twice') });
  });

  it('resolves columns against the header, by default by field name, optional ones only when present', () => {
    const p = plan(['id', 'who', 'when', 'purpose', 'outcome', 'sex'], { map: { decisionId: 'id', subjectRef: 'who', occurredAt: 'when' }, attributes: ['sex'] });
    expect(p.columns).toEqual({
      decisionId: { name: 'id', index: 0 },
      subjectRef: { name: 'who', index: 1 },
      occurredAt: { name: 'when', index: 2 },
      purpose: { name: 'purpose', index: 3 },
      outcome: { name: 'outcome', index: 4 },
    });
    expect(p.attributes).toEqual([{ name: 'sex', index: 5 }]);
    // Header names are matched without surrounding spaces.
    expect(plan([' decisionId', 'subjectRef ', 'occurredAt', 'purpose', 'outcome']).columns.decisionId).toEqual({ name: 'decisionId', index: 0 });
  });

  it('refuses headers that would misread the file', () => {
    const error = (header: string[], options: Partial<Parameters<typeof planColumns>[1]> = {}) => {
      const planned = planColumns(header, { map: {}, attributes: [], ...options });
      return 'error' in planned ? planned.error : undefined;
    };
    expect(error(['decisionId', 'subjectRef', 'occurredAt', 'outcome'])).toMatch(/purpose: column "purpose" is not in the header.*--purpose/);
    expect(error(['decisionId', 'subjectRef', 'occurredAt', 'outcome'], { purpose: 'credit' })).toBeUndefined();
    expect(error(HEADER, { purpose: 'credit', map: { purpose: 'purpose' } })).toMatch(/either --purpose or --map purpose/);
    expect(error(HEADER, { map: { score: 'probability' } })).toMatch(/score: column "probability" is not in the header/);
    expect(error(HEADER, { attributes: ['age'] })).toMatch(/--attributes: column "age"/);
    expect(error([...HEADER, 'sex'], { attributes: ['sex'] })).toMatch(/"sex" appears more than once/);
    expect(error(['decisionId', 'decisionId', 'subjectRef', 'occurredAt', 'purpose', 'outcome'])).toMatch(/appears more than once/);
    // A duplicated column nobody reads is harmless.
    expect(error([...HEADER, 'note', 'note'])).toBeUndefined();
  });

  it('maps a row: score to a number, empty optional cells left out, empty attributes as null', () => {
    const p = plan(HEADER, { attributes: ['sex', 'race'] });
    expect(toDecision(['d1', 's1', '2026-03-01T09:30:00Z', 'credit', 'approve', ' 0.75 ', '', 'F', ''], p)).toEqual({
      decision: { decisionId: 'd1', subjectRef: 's1', occurredAt: '2026-03-01T09:30:00Z', purpose: 'credit', outcome: 'approve', score: 0.75, attributes: { sex: 'F', race: null } },
    });
    const noAttributes = plan(HEADER);
    expect(toDecision(['d1', 's1', 't', 'credit', 'deny', '', 'repaid', 'F', 'B'], noAttributes)).toEqual({
      decision: { decisionId: 'd1', subjectRef: 's1', occurredAt: 't', purpose: 'credit', outcome: 'deny', groundTruth: 'repaid' },
    });
    const constant = plan(['decisionId', 'subjectRef', 'occurredAt', 'outcome'], { purpose: 'hiring' });
    expect(toDecision(['d', 's', 't', 'hire'], constant)).toEqual({ decision: { decisionId: 'd', subjectRef: 's', occurredAt: 't', purpose: 'hiring', outcome: 'hire' } });
  });

  it('keeps a column named __proto__ as an ordinary attribute', () => {
    const p = plan([...HEADER.slice(0, 5), '__proto__'], { attributes: ['__proto__'] });
    const result = toDecision(['d', 's', 't', 'p', 'o', 'x'], p);
    expect('decision' in result && JSON.stringify(result.decision.attributes)).toBe('{"__proto__":"x"}');
  });

  it('reports rows that cannot be sent instead of coercing them', () => {
    const p = plan(HEADER, { attributes: ['sex'] });
    expect(toDecision(['d1', 's1', 't', 'credit', 'approve', 'high', '', 'F', 'B'], p)).toEqual({
      problem: { code: 'INVALID_FIELD', message: 'score is not a number: "high" (column "score")' },
    });
    expect(toDecision(['', 's1', 't', 'credit', 'approve', '', '', 'F', 'B'], p)).toEqual({
      problem: { code: 'MISSING_FIELD', message: 'decisionId is empty (column "decisionId")' },
    });
    expect(toDecision(['d1', 's1', 't'], p)).toEqual({ problem: { code: 'WRONG_FIELD_COUNT', message: 'expected 9 fields like the header, found 3' } });
  });

  it('accepts only plain decimal scores', () => {
    for (const [text, value] of [['0', 0], ['-1.5', -1.5], ['.5', 0.5], ['3.', 3], ['1e-3', 0.001], ['+2E2', 200], [' 7 ', 7]] as const) expect(parseScore(text)).toBe(value);
    for (const text of ['', ' ', '1,5', 'NaN', 'Infinity', '1e999', '0x1F', '1_000', 'n/a', '--1', '1.2.3']) expect(parseScore(text)).toBeNull();
  });
});
