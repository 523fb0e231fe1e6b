import { PASSWORD_SCRYPT_PARAMS, hashPassword, needsRehash, parseHash, verifyPassword } from './password-hash';

// Specs hash with small parameters (fast); one test pins the production parameters.
const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('uses memory-hard parameters: N = 2^15, r = 8, p = 1 (32 MiB per hash)', () => {
    expect(PASSWORD_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    expect(128 * PASSWORD_SCRYPT_PARAMS.N * PASSWORD_SCRYPT_PARAMS.r).toBe(32 * 1024 * 1024);
  });

  it('records its parameters, a 16-byte salt and a 32-byte key', async () => {
    const encoded = await hashPassword('correct horse battery', FAST);
    expect(encoded).toMatch(/^scrypt\$N=1024,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const parsed = parseHash(encoded);
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.key).toHaveLength(32);
  });

  it('verifies the right password only, salting every hash differently', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse battery', b)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('matches a known vector (RFC 7914 parameters reproduce node:crypto scrypt)', async () => {
    // scrypt("password", "NaCl", N=1024, r=8, p=16, 64) from RFC 7914 section 12, first 32 bytes.
    const salt = Buffer.from('NaCl').toString('base64url');
    const key = Buffer.from('fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162', 'hex').toString('base64url');
    expect(await verifyPassword('password', `scrypt$N=1024,r=8,p=16$${salt}$${key}`)).toBe(true);
  });

  it('treats the same password in another Unicode normalization as the same', async () => {
    const composed = await hashPassword('caf\u00e9 au lait!!', FAST);
    expect(await verifyPassword('cafe\u0301 au lait!!', composed)).toBe(true);
  });

  it('refuses malformed or hostile stored hashes instead of throwing or exhausting memory', async () => {
    for (const bad of ['', 'plain', 'scrypt$N=1000,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', `scrypt$N=${2 ** 30},r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`]) {
      expect(parseHash(bad)).toBeUndefined();
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('asks for a re-hash when the parameters changed', async () => {
    const old = await hashPassword('correct horse battery', FAST);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, FAST)).toBe(false);
  });
});
