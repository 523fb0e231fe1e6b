import * as nodeCrypto from 'node:crypto';

// RFC 6962 §2.1 / RFC 9162 §2.1.1 hashing with SHA-256. The one-byte prefixes give leaves and
// interior nodes disjoint domains, so a leaf can never be passed off as an interior node (second
// pre-image attack on unprefixed Merkle trees).

/** Size of every hash in the tree, in bytes. */
export const HASH_SIZE = 32;
/** Prefix of a leaf hash input: SHA-256(0x00 ‖ data). */
export const LEAF_HASH_PREFIX = 0x00;
/** Prefix of an interior node hash input: SHA-256(0x01 ‖ left ‖ right). */
export const NODE_HASH_PREFIX = 0x01;

/** MTH({}) in hex: SHA-256 of the empty string. */
export const EMPTY_TREE_HASH_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const HEX_HASH = /^[0-9a-f]{64}$/;

// One-shot `crypto.hash` (Node ≥ 20.12) is several times faster than createHash for 33–65-byte
// inputs; fall back to createHash on older runtimes.
const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;
const sha256 = (data: Uint8Array): Buffer =>
  oneShot !== undefined ? oneShot('sha256', data, 'buffer') : nodeCrypto.createHash('sha256').update(data).digest();
const scratch = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);

/** MTH({d(0)}) = SHA-256(0x00 ‖ d(0)). */
export function hashLeaf(data: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = LEAF_HASH_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

/** SHA-256(0x01 ‖ left ‖ right) for two 32-byte child hashes. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_HASH_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/**
 * {@link hashChildren} of two 32-byte hashes written straight into `target` at `offset`, with no
 * allocation per hash (the append hot path of MerkleLog).
 */
export function writeChildrenHash(left: Uint8Array, right: Uint8Array, target: Buffer, offset: number): void {
  scratch[0] = NODE_HASH_PREFIX;
  scratch.set(left, 1);
  scratch.set(right, 1 + HASH_SIZE);
  // 'binary' (latin1) maps the 256 byte values one-to-one, so the digest round-trips exactly.
  if (oneShot !== undefined) target.write(oneShot('sha256', scratch, 'binary'), offset, HASH_SIZE, 'binary');
  else nodeCrypto.createHash('sha256').update(scratch).digest().copy(target, offset);
}

/** MTH({}) = SHA-256 of the empty string (e3b0c442…b855). A fresh copy on every call. */
export function emptyTreeHash(): Buffer {
  return sha256(new Uint8Array(0));
}

/** Lowercase hex of a hash (the form used in tree heads and exports). */
export function hashToHex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

/** Parses exactly 64 lowercase hex characters; anything else gives `undefined`. */
export function hashFromHex(hex: unknown): Buffer | undefined {
  return typeof hex === 'string' && HEX_HASH.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

/** True when `value` is a 32-byte hash. */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/** Byte equality of two hashes (false when either is not a 32-byte hash). */
export function hashesEqual(a: unknown, b: unknown): boolean {
  if (!isHash(a) || !isHash(b)) return false;
  for (let i = 0; i < HASH_SIZE; i++) if (a[i] !== b[i]) return false;
  return true;
}
