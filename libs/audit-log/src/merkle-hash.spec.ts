import { createHash } from 'node:crypto';
import {
  EMPTY_TREE_HASH_HEX,
  emptyTreeHash,
  hashChildren,
  hashFromHex,
  hashLeaf,
  hashToHex,
  hashesEqual,
} from './merkle-hash';
import { CT_LEAF_INPUTS, CT_ROOTS, EMPTY_ROOT_HEX, unhex } from './rfc6962-reference.test-helpers';

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(hashToHex(emptyTreeHash())).toBe(EMPTY_ROOT_HEX);
    expect(EMPTY_TREE_HASH_HEX).toBe(EMPTY_ROOT_HEX);
  });

  it('hands out a fresh empty-tree hash each time', () => {
    const first = emptyTreeHash();
    first.fill(0);
    expect(hashToHex(emptyTreeHash())).toBe(EMPTY_ROOT_HEX);
  });

  it('prefixes leaves with 0x00: the 1-leaf CT root is SHA-256(0x00)', () => {
    expect(hashToHex(hashLeaf(new Uint8Array(0)))).toBe(CT_ROOTS[0]);
    expect(hashToHex(hashLeaf(Buffer.from('abc')))).toBe(
      createHash('sha256').update(Buffer.from([0x00, 0x61, 0x62, 0x63])).digest('hex'),
    );
  });

  it('prefixes interior nodes with 0x01: the 2-leaf CT root', () => {
    const [a, b] = CT_LEAF_INPUTS.slice(0, 2).map((input) => hashLeaf(unhex(input)));
    expect(hashToHex(hashChildren(a as Buffer, b as Buffer))).toBe(CT_ROOTS[1]);
    // Order matters.
    expect(hashToHex(hashChildren(b as Buffer, a as Buffer))).not.toBe(CT_ROOTS[1]);
  });

  it('parses only 64 lowercase hex characters', () => {
    expect(hashFromHex(EMPTY_ROOT_HEX)?.toString('hex')).toBe(EMPTY_ROOT_HEX);
    expect(hashFromHex(EMPTY_ROOT_HEX.toUpperCase())).toBeUndefined();
    expect(hashFromHex(EMPTY_ROOT_HEX.slice(2))).toBeUndefined();
    expect(hashFromHex(`${EMPTY_ROOT_HEX}00`)).toBeUndefined();
    expect(hashFromHex(`${EMPTY_ROOT_HEX.slice(1)}g`)).toBeUndefined();
    expect(hashFromHex(42)).toBeUndefined();
  });

  it('compares hashes by bytes and rejects non-hashes', () => {
    const a = unhex(EMPTY_ROOT_HEX);
    expect(hashesEqual(a, Buffer.from(a))).toBe(true);
    expect(hashesEqual(a, hashLeaf(new Uint8Array(0)))).toBe(false);
    expect(hashesEqual(a.subarray(0, 31), a.subarray(0, 31))).toBe(false);
    expect(hashesEqual('x', a)).toBe(false);
  });
});
