import { FIRST_SCHEMAVER, bumpSchemaVer, compareSchemaVer, formatSchemaVer, parseSchemaVer, stepBetween, stepCovers } from './schemaver';

describe('SchemaVer', () => {
  it('parses and formats MODEL-REVISION-ADDITION', () => {
    expect(parseSchemaVer('1-0-0')).toEqual(FIRST_SCHEMAVER);
    expect(parseSchemaVer('12-3-40')).toEqual({ model: 12, revision: 3, addition: 40 });
    expect(formatSchemaVer({ model: 2, revision: 0, addition: 7 })).toBe('2-0-7');
  });

  it.each(['0-1-0', '1.0.0', '1-0', '1-00-0', '01-0-0', '1-0-0-0', ' 1-0-0', '1-0--1', '1234567-0-0', '', '1-0-x'])('refuses %j', (text) => {
    expect(parseSchemaVer(text)).toBeUndefined();
  });

  it('bumps one part and resets the lower ones', () => {
    const v = { model: 1, revision: 2, addition: 3 };
    expect(formatSchemaVer(bumpSchemaVer(v, 'ADDITION'))).toBe('1-2-4');
    expect(formatSchemaVer(bumpSchemaVer(v, 'REVISION'))).toBe('1-3-0');
    expect(formatSchemaVer(bumpSchemaVer(v, 'MODEL'))).toBe('2-0-0');
  });

  it('names the one step between two versions, and nothing for skips, steps back or unreset parts', () => {
    const from = { model: 1, revision: 2, addition: 3 };
    expect(stepBetween(from, { model: 1, revision: 2, addition: 4 })).toBe('ADDITION');
    expect(stepBetween(from, { model: 1, revision: 3, addition: 0 })).toBe('REVISION');
    expect(stepBetween(from, { model: 2, revision: 0, addition: 0 })).toBe('MODEL');
    expect(stepBetween(from, { model: 1, revision: 2, addition: 5 })).toBeUndefined();
    expect(stepBetween(from, { model: 1, revision: 3, addition: 3 })).toBeUndefined();
    expect(stepBetween(from, { model: 2, revision: 2, addition: 3 })).toBeUndefined();
    expect(stepBetween(from, from)).toBeUndefined();
    expect(stepBetween(from, { model: 1, revision: 2, addition: 2 })).toBeUndefined();
  });

  it('lets a bigger step cover a smaller change, never the reverse', () => {
    expect(stepCovers('MODEL', 'ADDITION')).toBe(true);
    expect(stepCovers('REVISION', 'REVISION')).toBe(true);
    expect(stepCovers('ADDITION', 'REVISION')).toBe(false);
    expect(stepCovers('REVISION', 'MODEL')).toBe(false);
  });

  it('orders versions by model, then revision, then addition', () => {
    const parsed = ['2-0-0', '1-10-0', '1-2-10', '1-2-9'].map((t) => parseSchemaVer(t)).filter((v) => v !== undefined);
    expect(parsed).toHaveLength(4);
    const sorted = parsed.sort(compareSchemaVer).map(formatSchemaVer);
    expect(sorted).toEqual(['1-2-9', '1-2-10', '1-10-0', '2-0-0']);
  });
});
