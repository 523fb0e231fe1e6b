import { emptyTreeHash, hashChildren, hashesEqual, isHash } from './merkle-hash';
import {
  checkSize,
  hashRange,
  isTreeSize,
  largestPowerOfTwoBelow,
  rangeNodes,
  uniqueNodes,
  type NodeHashSource,
  type NodeRef,
} from './node-hash-source';

/**
 * The ranges whose MTH make up PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (RFC 9162 §2.1.4.1):
 *   SUBPROOF(m, D[m], true)  = {}
 *   SUBPROOF(m, D[m], false) = {MTH(D[m])}
 *   SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          if m ≤ k
 *   SUBPROOF(m, D[n], b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  if m > k
 * The proof is empty when m = n, and when m = 0 (the empty tree is a prefix of every tree).
 */
export function consistencyProofRanges(oldSize: number, newSize: number): NodeRef[][] {
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || oldSize > newSize) {
    throw new RangeError(`no consistency proof from size ${String(oldSize)} to size ${String(newSize)}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const parts: NodeRef[][] = [];
  let start = 0;
  let end = newSize;
  let wholeOldTree = true; // the RFC's flag b
  while (end !== oldSize) {
    const k = largestPowerOfTwoBelow(end - start);
    if (oldSize - start <= k) {
      parts.push(rangeNodes(start + k, end));
      end = start + k;
    } else {
      parts.push(rangeNodes(start, start + k));
      start += k;
      wholeOldTree = false;
    }
  }
  if (!wholeOldTree) parts.push(rangeNodes(start, end));
  return parts.reverse();
}

/** Every complete subtree a consistency proof reads (for prefetching from a store). */
export function consistencyProofNodes(oldSize: number, newSize: number): NodeRef[] {
  return uniqueNodes(consistencyProofRanges(oldSize, newSize));
}

/** Proof that the tree of the first `oldSize` leaves is a prefix of the first `newSize`. */
export function consistencyProof(source: NodeHashSource, oldSize: number, newSize: number): Buffer[] {
  checkSize(source, newSize);
  return consistencyProofRanges(oldSize, newSize).map((range) => hashRange(source, range));
}

/**
 * RFC 9162 §2.1.4.2: verifies that the tree (oldSize, oldRoot) is a prefix of the tree
 * (newSize, newRoot). Needs no tree. Never throws.
 *
 * Edge cases the RFC leaves to the caller (0 < first < second there): equal sizes need an empty
 * proof and equal roots; an old size of 0 needs an empty proof and oldRoot = SHA-256("").
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof)) return false;
  if (!isTreeSize(oldSize) || !isTreeSize(newSize) || oldSize > newSize) return false;
  if (!proof.every(isHash)) return false;
  if (oldSize === newSize) return proof.length === 0 && hashesEqual(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0 && hashesEqual(oldRoot, emptyTreeHash());

  // 1. An empty consistency_path fails.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash.
  const path: Uint8Array[] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  // 3.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // 4. Right-shift both while LSB(fn) is set.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  let fr: Uint8Array = path[0] as Uint8Array;
  let sr: Uint8Array = fr;
  // 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7.
  return hashesEqual(fr, oldRoot) && hashesEqual(sr, newRoot) && sn === 0;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
