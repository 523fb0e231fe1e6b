import { hashChildren, hashesEqual, isHash } from './merkle-hash';
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
 * The ranges whose MTH make up PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), leaf-side first:
 *   PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])   if m < k
 *   PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k]) if m ≥ k   (k = largest power of 2 < n)
 * Each range is returned as its complete subtrees (see `rangeNodes`).
 */
export function inclusionProofRanges(index: number, size: number): NodeRef[][] {
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) {
    throw new RangeError(`leaf index ${String(index)} is outside a tree of size ${String(size)}`);
  }
  const siblings: NodeRef[][] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      siblings.push(rangeNodes(start + k, end));
      end = start + k;
    } else {
      siblings.push(rangeNodes(start, start + k));
      start += k;
    }
  }
  return siblings.reverse();
}

/** Every complete subtree an inclusion proof reads (for prefetching from a store). */
export function inclusionProofNodes(index: number, size: number): NodeRef[] {
  return uniqueNodes(inclusionProofRanges(index, size));
}

/** The audit path of leaf `index` in the tree of the first `size` leaves, in O(log size). */
export function inclusionProof(source: NodeHashSource, index: number, size: number): Buffer[] {
  checkSize(source, size);
  return inclusionProofRanges(index, size).map((range) => hashRange(source, range));
}

/**
 * RFC 9162 §2.1.3.2: verifies that `leafHash` is leaf `index` of the tree of `size` leaves whose
 * root is `root`. Needs no tree. Never throws: any malformed input is simply not a proof.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leafHash) || !isHash(root) || !Array.isArray(proof)) return false;
  // 1. leaf_index must be below tree_size.
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) return false;
  // 2.–3.
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  // 4.
  for (const p of proof) {
    if (!isHash(p)) return false;
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  return sn === 0 && hashesEqual(r, root);
}
