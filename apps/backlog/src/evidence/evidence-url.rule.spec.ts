import { assertEvidenceUrl, assertNarrative } from './evidence-url.rule';

describe('assertEvidenceUrl', () => {
  it.each(['https://example.com/research/42?x=1#y', 'http://intranet:8080', 'HTTPS://EXAMPLE.COM'])('keeps %s exactly as sent', (url) => {
    expect(assertEvidenceUrl(url)).toBe(url);
  });

  it.each([
    ['javascript:alert(1)', 'must be http or https'],
    ['data:text/html,hi', 'must be http or https'],
    ['file:///etc/passwd', 'must be http or https'],
    ['ftp://example.com/x', 'must be http or https'],
    ['https://', 'is not a URL'],
    ['not a url', 'is not a URL'],
    [`https://example.com/${'x'.repeat(2048)}`, 'is longer than 2048 characters'],
  ])('refuses %s (%s)', (url, why) => {
    expect(() => assertEvidenceUrl(url)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: `The evidence URL ${why}.`, details: { field: 'source.url' } }));
  });
});

describe('assertNarrative', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(() => assertNarrative('x'.repeat(65_536))).not.toThrow();
    // 21,846 three-byte characters are 65,538 bytes: under the schema's character bound, over the byte bound.
    expect(() => assertNarrative('€'.repeat(21_846))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'narrative' } }));
    expect(() => assertNarrative('€'.repeat(21_845))).not.toThrow();
  });
});
