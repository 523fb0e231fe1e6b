// Shared by the Merkle specs (test code only: excluded from the build). A deliberately naive,
// independent transcription of the RFC 6962 / RFC 9162 definitions — its own hashing, plain
// recursion over arrays, no memo — to check the library against. Nothing here imports the library.
import { createHash } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** SHA-256(0x00 ‖ data). */
export const refLeafHash = (data: Uint8Array): Buffer => sha256(Buffer.from([0]), data);

/** SHA-256(0x01 ‖ left ‖ right). */
export const refNodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(Buffer.from([1]), left, right);

/** k: the largest power of two smaller than n (n > 1). */
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);

/** MTH(D[n]) over leaf hashes (§2.1.1). */
export function refRoot(leafHashes: readonly Buffer[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return sha256();
  if (n === 1) return leafHashes[0] as Buffer;
  const k = split(n);
  return refNodeHash(refRoot(leafHashes.slice(0, k)), refRoot(leafHashes.slice(k)));
}

/** PATH(m, D[n]) (§2.1.3.1). */
export function refPath(m: number, leafHashes: readonly Buffer[]): Buffer[] {
  const n = leafHashes.length;
  if (n === 1) return [];
  const k = split(n);
  return m < k
    ? [...refPath(m, leafHashes.slice(0, k)), refRoot(leafHashes.slice(k))]
    : [...refPath(m - k, leafHashes.slice(k)), refRoot(leafHashes.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) (§2.1.4.1). */
function refSubproof(m: number, leafHashes: readonly Buffer[], b: boolean): Buffer[] {
  const n = leafHashes.length;
  if (m === n) return b ? [] : [refRoot(leafHashes)];
  const k = split(n);
  return m <= k
    ? [...refSubproof(m, leafHashes.slice(0, k), b), refRoot(leafHashes.slice(k))]
    : [...refSubproof(m - k, leafHashes.slice(k), false), refRoot(leafHashes.slice(0, k))];
}

/** PROOF(m, D[n]) for 0 < m ≤ n (§2.1.4.1; empty for m = n). */
export const refConsistency = (m: number, leafHashes: readonly Buffer[]): Buffer[] => refSubproof(m, leafHashes, true);

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const unhex = (text: string): Buffer => Buffer.from(text, 'hex');

/** A copy of `hash` with one bit flipped. */
export function flipBit(hash: Uint8Array, bit = 0): Buffer {
  const copy = Buffer.from(hash);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << bit % 8;
  return copy;
}

// Certificate Transparency reference vectors (RFC 6962 test data, as published in
// transparency-dev/merkle proof/verify_test.go): eight leaf inputs, the roots of the trees of
// their first 1..8 leaves, and known inclusion and consistency proofs.
export const CT_LEAF_INPUTS: readonly string[] = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

export const CT_ROOTS: readonly string[] = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

export const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** 0-based leaf index, tree size, audit path. */
export const CT_INCLUSION_PROOFS: readonly { index: number; size: number; proof: string[] }[] = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

export const CT_CONSISTENCY_PROOFS: readonly { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    oldSize: 6,
    newSize: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

/** Leaf hashes of the CT inputs. */
export const ctLeafHashes = (): Buffer[] => CT_LEAF_INPUTS.map((input) => refLeafHash(unhex(input)));
