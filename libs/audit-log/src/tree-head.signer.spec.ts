import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { hashLeaf } from './merkle-hash';
import {
  TreeHeadSigner,
  exportPublicKey,
  importPublicKey,
  publicKeyFingerprint,
  signTreeHead,
  treeHeadSigningInput,
  verifyTreeHead,
  type SignedTreeHead,
  type TreeHead,
} from './tree-head.signer';

const head: TreeHead = {
  treeSize: 3,
  timestamp: '2025-03-01T09:30:00.000Z',
  rootHash: 'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
};

describe('signed tree heads (Ed25519)', () => {
  const signer = TreeHeadSigner.generate();
  const pem = signer.exportPublicKey();
  const sth = signer.sign(head);

  it('signs the canonical JSON of (rootHash, timestamp, treeSize)', () => {
    expect(treeHeadSigningInput(head).toString('utf8')).toBe(
      '{"rootHash":"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77","timestamp":"2025-03-01T09:30:00.000Z","treeSize":3}',
    );
    expect(Buffer.from(sth.signature, 'base64')).toHaveLength(64);
    expect({ ...sth, signature: undefined }).toEqual({ ...head, signature: undefined });
    // Independently: node's verify over those exact bytes with the PEM.
    const message = Buffer.from(
      '{"rootHash":"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77","timestamp":"2025-03-01T09:30:00.000Z","treeSize":3}',
    );
    expect(verify(null, message, createPublicKey(pem), Buffer.from(sth.signature, 'base64'))).toBe(true);
  });

  it('exports the public key as SPKI PEM and verifies with it', () => {
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    expect(importPublicKey(pem)?.asymmetricKeyType).toBe('ed25519');
    expect(verifyTreeHead(sth, pem)).toBe(true);
    expect(verifyTreeHead(sth, signer.publicKey)).toBe(true);
  });

  it('is deterministic (RFC 8032): the same head gives the same signature', () => {
    expect(signer.sign(head).signature).toBe(sth.signature);
  });

  it('rejects any change to the head or its signature', () => {
    const flipped = Buffer.from(sth.signature, 'base64');
    flipped[10] = (flipped[10] as number) ^ 1;
    const tampered: SignedTreeHead[] = [
      { ...sth, treeSize: 4 },
      { ...sth, timestamp: '2025-03-01T09:30:00.001Z' },
      { ...sth, rootHash: `${sth.rootHash.slice(0, -1)}8` },
      { ...sth, signature: flipped.toString('base64') },
    ];
    expect(tampered.map((t) => verifyTreeHead(t, pem))).toEqual([false, false, false, false]);
  });

  it('rejects another key, a non-Ed25519 key and malformed input without throwing', () => {
    expect(verifyTreeHead(sth, TreeHeadSigner.generate().exportPublicKey())).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(verifyTreeHead(sth, exportPublicKey(rsa.publicKey))).toBe(false);
    expect(verifyTreeHead(sth, signer.exportPrivateKeyPem())).toBe(false); // a private key is not a public key
    expect(verifyTreeHead(sth, 'not a key')).toBe(false);
    expect(verifyTreeHead({ ...sth, extra: 1 }, pem)).toBe(false);
    expect(verifyTreeHead({ ...sth, signature: 'AAAA' }, pem)).toBe(false);
    expect(verifyTreeHead(null, pem)).toBe(false);
    expect(importPublicKey(exportPublicKey(rsa.publicKey))).toBeUndefined();
  });

  it('accepts only the canonical base64 of a signature', () => {
    // The last base64 character of 64 bytes carries 4 padding bits: another character can decode
    // to the same bytes. Only the canonical spelling is accepted.
    const last = sth.signature[85] as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string;
    const respelled = `${sth.signature.slice(0, 85)}${sibling}==`;
    expect(Buffer.from(respelled, 'base64').equals(Buffer.from(sth.signature, 'base64'))).toBe(true);
    expect(verifyTreeHead({ ...sth, signature: respelled }, pem)).toBe(false);
  });

  it('reloads from its private key PEM with the same identity', () => {
    const reloaded = TreeHeadSigner.fromPrivateKeyPem(signer.exportPrivateKeyPem());
    expect(reloaded.exportPublicKey()).toBe(pem);
    expect(reloaded.sign(head).signature).toBe(sth.signature);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => TreeHeadSigner.fromPrivateKeyPem(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(TypeError);
  });

  it('signs a root straight from the tree', () => {
    const root = hashLeaf(Buffer.from('x'));
    const signed = signer.signRoot(1, root, new Date('2025-01-02T03:04:05.006Z'));
    expect(signed).toMatchObject({ treeSize: 1, timestamp: '2025-01-02T03:04:05.006Z', rootHash: root.toString('hex') });
    expect(verifyTreeHead(signed, pem)).toBe(true);
  });

  it('refuses to sign a malformed head', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => signTreeHead({ ...head, rootHash: 'xyz' }, privateKey)).toThrow(TypeError);
    expect(() => signTreeHead({ ...head, treeSize: -1 }, privateKey)).toThrow(TypeError);
  });

  it('fingerprints the key as the SHA-256 of its DER SPKI', () => {
    const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
    expect(publicKeyFingerprint(pem)).toBe(`sha256:${createHash('sha256').update(der).digest('hex')}`);
    expect(publicKeyFingerprint('nope')).toBeUndefined();
  });
});
