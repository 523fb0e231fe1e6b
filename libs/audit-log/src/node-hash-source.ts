import { emptyTreeHash, hashChildren } from './merkle-hash';

/**
 * A complete subtree of the log: the 2^level leaves starting at leaf `index · 2^level`.
 * Level 0 is a single leaf. Complete subtrees never change once their last leaf is appended, so
 * their hashes can be stored (memoised) forever, in memory or in a table keyed by (level, index).
 */
export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

/**
 * Where the tree algorithms read hashes from. {@link MerkleLog} is the in-memory implementation;
 * a persistent store can implement the same interface over its own tables (leaf hashes next to
 * the entries, interior nodes in a `(level, index) → hash` table). The algorithms only ever ask
 * for complete subtrees lying wholly inside `[0, size)`. For an asynchronous store, list the
 * nodes a computation needs first (`rootNodes`, `inclusionProofNodes`, `consistencyProofNodes`),
 * fetch them in one query, and serve them from a map.
 */
export interface NodeHashSource {
  /** Number of leaves available: the largest tree size that can be served. */
  readonly size: number;
  /** The leaf hash SHA-256(0x00 ‖ data) of leaf `index` (0 ≤ index < size). */
  leafHash(index: number): Uint8Array;
  /** Hash of the complete subtree (level ≥ 1, index); see {@link NodeRef}. */
  subtreeHash(level: number, index: number): Uint8Array;
}

/** A valid tree size or leaf index: a non-negative safe integer. */
export function isTreeSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** The largest power of two strictly below n (n ≥ 2): the RFC 6962 split point k. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function largestPowerOfTwoAtMost(n: number): number {
  let k = 1;
  while (k * 2 <= n) k *= 2;
  return k;
}

function log2OfPowerOfTwo(k: number): number {
  let level = 0;
  while (2 ** level < k) level++;
  return level;
}

/**
 * The complete subtrees that make up the range D[start:end] of the RFC 6962 recursion, left to
 * right, largest first: MTH(D[start:end]) = H(n1, H(n2, … H(n(j-1), nj))). Every range the RFC
 * algorithms split off starts at a multiple of its largest subtree, which is checked here.
 */
export function rangeNodes(start: number, end: number): NodeRef[] {
  const nodes: NodeRef[] = [];
  let position = start;
  while (position < end) {
    const width = largestPowerOfTwoAtMost(end - position);
    if (position % width !== 0) throw new RangeError(`range [${start}, ${end}) is not a subtree range of the log`);
    nodes.push({ level: log2OfPowerOfTwo(width), index: position / width });
    position += width;
  }
  return nodes;
}

/** Hash of one complete subtree read from the source. */
export function readNode(source: NodeHashSource, node: NodeRef): Uint8Array {
  return node.level === 0 ? source.leafHash(node.index) : source.subtreeHash(node.level, node.index);
}

/** Folds the nodes of {@link rangeNodes} into MTH of the range (empty list → empty tree hash). */
export function hashRange(source: NodeHashSource, nodes: readonly NodeRef[]): Buffer {
  if (nodes.length === 0) return emptyTreeHash();
  const last = nodes[nodes.length - 1] as NodeRef;
  let hash: Buffer = Buffer.from(readNode(source, last));
  for (let i = nodes.length - 2; i >= 0; i--) hash = hashChildren(readNode(source, nodes[i] as NodeRef), hash);
  return hash;
}

/** The complete subtrees needed for the root of the first `size` leaves. */
export function rootNodes(size: number): NodeRef[] {
  return rangeNodes(0, size);
}

/** MTH(D[0:size]): the root hash of the tree of the first `size` leaves, in O(log size) hashes. */
export function treeRoot(source: NodeHashSource, size: number): Buffer {
  checkSize(source, size);
  return hashRange(source, rootNodes(size));
}

/** Throws a RangeError unless 0 ≤ size ≤ source.size. */
export function checkSize(source: NodeHashSource, size: number): void {
  if (!isTreeSize(size) || size > source.size) {
    throw new RangeError(`tree size ${String(size)} is outside 0..${source.size}`);
  }
}

/** Unique nodes of several ranges, for prefetching from a store. */
export function uniqueNodes(ranges: readonly (readonly NodeRef[])[]): NodeRef[] {
  const seen = new Set<string>();
  const out: NodeRef[] = [];
  for (const range of ranges) {
    for (const node of range) {
      const key = `${node.level}:${node.index}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(node);
      }
    }
  }
  return out;
}
