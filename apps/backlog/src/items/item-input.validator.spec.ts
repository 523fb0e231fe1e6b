import { checkDescription, checkFilterText, normaliseLabels, normaliseOwners, normaliseTitle } from './item-input.validator';
import { likeContains } from './item-board.reader';

const refusedOn = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code: string; details: { field: string } });
  }
  throw new Error('not refused');
};

describe('item input', () => {
  it('trims titles and refuses blank, over-long, multi-line and NUL titles', () => {
    expect(normaliseTitle('  Ship it  ')).toBe('Ship it');
    expect(normaliseTitle(` ${'x'.repeat(300)} `)).toHaveLength(300);
    for (const bad of ['   ', 'x'.repeat(301), 'a\nb', 'a\u0000b', 'a\uDC00']) expect(refusedOn(() => normaliseTitle(bad))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'title' } });
  });

  it('keeps descriptions byte for byte up to 64 KiB of UTF-8', () => {
    const markdown = '# T\r\n\n\t* a  \n';
    expect(checkDescription(markdown)).toBe(markdown);
    expect(checkDescription('é'.repeat(32_768))).toHaveLength(32_768);
    expect(refusedOn(() => checkDescription('é'.repeat(32_769)))).toMatchObject({ details: { field: 'description', bytes: 65_538 } });
    expect(refusedOn(() => checkDescription('\u0000'))).toMatchObject({ details: { field: 'description' } });
  });

  it('lower-cases, trims and de-duplicates labels, counting after that', () => {
    expect(normaliseLabels([' UX ', 'ux', 'Checkout'])).toEqual(['ux', 'checkout']);
    expect(normaliseLabels(Array.from({ length: 25 }, (_, i) => (i % 2 ? 'A' : 'a')))).toEqual(['a']);
    expect(refusedOn(() => normaliseLabels(Array.from({ length: 21 }, (_, i) => `l${i}`)))).toMatchObject({ details: { field: 'labels' } });
    expect(refusedOn(() => normaliseLabels(['  ']))).toMatchObject({ details: { field: 'labels' } });
    expect(refusedOn(() => normaliseLabels(['a\tb']))).toMatchObject({ details: { field: 'labels' } });
  });

  it('keeps each owner once, in canonical lower case', () => {
    expect(normaliseOwners(['AAAAAAAA-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001'])).toEqual(['aaaaaaaa-0000-4000-8000-000000000001']);
  });

  it('makes user text match literally in LIKE', () => {
    expect(likeContains('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
    expect(checkFilterText('text', 'plain')).toBe('plain');
    expect(refusedOn(() => checkFilterText('text', 'a\u0000'))).toMatchObject({ details: { field: 'text' } });
  });
});
