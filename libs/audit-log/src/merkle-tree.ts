import { consistencyProof } from './consistency-proof';
import { inclusionProof } from './inclusion-proof';
import { HASH_SIZE, hashLeaf, isHash, writeChildrenHash } from './merkle-hash';
import { treeRoot, type NodeHashSource } from './node-hash-source';

/** Append-only array of 32-byte hashes in one growable buffer (no object per hash). */
class HashLevel {
  private bytes = Buffer.alloc(HASH_SIZE * 1024);
  count = 0;

  push(hash: Uint8Array): void {
    const offset = this.reserve(); // may replace this.bytes
    this.bytes.set(hash, offset);
  }

  /** Appends SHA-256(0x01 ‖ left ‖ right). */
  pushParent(left: Uint8Array, right: Uint8Array): void {
    const offset = this.reserve(); // may replace this.bytes
    writeChildrenHash(left, right, this.bytes, offset);
  }

  /** A view into the buffer: used inside this module only, never handed out. */
  view(index: number): Uint8Array {
    return this.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  private reserve(): number {
    const offset = this.count * HASH_SIZE;
    if (offset + HASH_SIZE > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    this.count++;
    return offset;
  }
}

/**
 * In-memory RFC 6962 Merkle log over leaf hashes.
 *
 * It memoises the hash of every complete subtree: level 0 holds the leaf hashes, level l holds
 * the hash of each aligned block of 2^l leaves as soon as its last leaf arrives. An append
 * therefore costs one hash per level it completes — amortised O(1), at most O(log n) — and
 * nothing it stores ever changes. Any earlier tree size is a prefix, so its root and proofs are
 * folded from at most O(log n) memoised subtrees (see `rangeNodes`); 2n hashes of memory.
 */
export class MerkleLog implements NodeHashSource {
  private readonly levels: HashLevel[] = [new HashLevel()];

  /** Number of leaves appended so far. */
  get size(): number {
    return (this.levels[0] as HashLevel).count;
  }

  /** Builds a log from leaf hashes, in order. */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): MerkleLog {
    const log = new MerkleLog();
    for (const hash of leafHashes) log.append(hash);
    return log;
  }

  /** Appends a leaf hash (32 bytes) and returns its index. */
  append(leafHash: Uint8Array): number {
    if (!isHash(leafHash)) throw new TypeError('a leaf hash is 32 bytes');
    const index = this.size;
    let level = 0;
    let position = index;
    (this.levels[0] as HashLevel).push(leafHash);
    // A right child completes its parent: hash the pair and carry on up.
    while (position % 2 === 1) {
      const current = this.levels[level] as HashLevel;
      level++;
      let above = this.levels[level];
      if (above === undefined) {
        above = new HashLevel();
        this.levels.push(above);
      }
      above.pushParent(current.view(position - 1), current.view(position));
      position = (position - 1) / 2;
    }
    return index;
  }

  /** Appends SHA-256(0x00 ‖ data) and returns its index. */
  appendData(data: Uint8Array): number {
    return this.append(hashLeaf(data));
  }

  leafHash(index: number): Buffer {
    return this.subtreeHash(0, index);
  }

  subtreeHash(level: number, index: number): Buffer {
    const stored = this.levels[level];
    if (stored === undefined || !Number.isSafeInteger(index) || index < 0 || index >= stored.count) {
      throw new RangeError(`no complete subtree (${level}, ${index}) in a log of size ${this.size}`);
    }
    return Buffer.from(stored.view(index)); // a copy: the log's memory is not handed out
  }

  /** Root hash of the tree of the first `size` leaves (default: all). Empty tree: SHA-256(""). */
  root(size: number = this.size): Buffer {
    return treeRoot(this, size);
  }

  /** RFC 9162 §2.1.3.1 audit path of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size: number = this.size): Buffer[] {
    return inclusionProof(this, index, size);
  }

  /** RFC 9162 §2.1.4.1 proof that the tree of size `oldSize` is a prefix of size `newSize`. */
  consistencyProof(oldSize: number, newSize: number = this.size): Buffer[] {
    return consistencyProof(this, oldSize, newSize);
  }
}
