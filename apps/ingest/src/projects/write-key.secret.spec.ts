import { hashWriteKey, issueWriteKey, writeKeyPrefix } from './write-key.secret';

describe('write key secrets', () => {
  it('hashes with SHA-256 over UTF-8, lowercase hex (the known test vector)', () => {
    expect(hashWriteKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // UTF-8 bytes c3 a9, as PostgreSQL's convert_to(key, 'UTF8') gives them.
    expect(hashWriteKey('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });

  it('issues wk_ keys of 32 base64url characters, with their hash and visible prefix', () => {
    const issued = issueWriteKey();
    expect(issued.key).toMatch(/^wk_[A-Za-z0-9_-]{32}$/);
    expect(issued.hash).toBe(hashWriteKey(issued.key));
    expect(issued.prefix).toBe(issued.key.slice(0, 11));
    expect(issueWriteKey().key).not.toBe(issued.key);
  });

  it('shows wk_ and 8 characters, or 8 characters of a key of another shape', () => {
    expect(writeKeyPrefix('wk_ABCDEFGHijklmnop')).toBe('wk_ABCDEFGH');
    expect(writeKeyPrefix('legacy-key-123')).toBe('legacy-k');
  });
});
