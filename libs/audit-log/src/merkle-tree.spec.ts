import fc from 'fast-check';
import { consistencyProofNodes, verifyConsistency } from './consistency-proof';
import { inclusionProofNodes, verifyInclusion } from './inclusion-proof';
import { hashLeaf, hashToHex } from './merkle-hash';
import { MerkleLog } from './merkle-tree';
import { rootNodes, treeRoot, type NodeHashSource } from './node-hash-source';
import {
  CT_ROOTS,
  EMPTY_ROOT_HEX,
  ctLeafHashes,
  hex,
  refConsistency,
  refLeafHash,
  refPath,
  refRoot,
} from './rfc6962-reference.test-helpers';

const leafHashesOf = (n: number, salt = 0): Buffer[] =>
  Array.from({ length: n }, (_, i) => refLeafHash(Buffer.from(`leaf ${salt}/${i}`)));

describe('MerkleLog', () => {
  it('reproduces the Certificate Transparency reference roots for sizes 0..8', () => {
    const log = MerkleLog.fromLeafHashes(ctLeafHashes());
    expect(log.size).toBe(8);
    expect(hashToHex(log.root(0))).toBe(EMPTY_ROOT_HEX);
    for (let size = 1; size <= 8; size++) expect(hashToHex(log.root(size))).toBe(CT_ROOTS[size - 1]);
    expect(hashToHex(log.root())).toBe(CT_ROOTS[7]);
  });

  it('has the empty-tree root before the first append', () => {
    expect(hashToHex(new MerkleLog().root())).toBe(EMPTY_ROOT_HEX);
  });

  it('returns each leaf index from append and hashes data with appendData', () => {
    const log = new MerkleLog();
    expect(log.appendData(Buffer.from('a'))).toBe(0);
    expect(log.append(refLeafHash(Buffer.from('b')))).toBe(1);
    expect(hex(log.leafHash(0))).toBe(hex(refLeafHash(Buffer.from('a'))));
    expect(hex(log.root())).toBe(hex(refRoot([refLeafHash(Buffer.from('a')), refLeafHash(Buffer.from('b'))])));
  });

  it('rejects leaf hashes that are not 32 bytes', () => {
    const log = new MerkleLog();
    expect(() => log.append(new Uint8Array(31))).toThrow(TypeError);
    expect(() => log.append(new Uint8Array(33))).toThrow(TypeError);
    expect(log.size).toBe(0);
  });

  it('refuses sizes and indexes outside the log', () => {
    const log = MerkleLog.fromLeafHashes(leafHashesOf(5));
    expect(() => log.root(6)).toThrow(RangeError);
    expect(() => log.root(-1)).toThrow(RangeError);
    expect(() => log.root(1.5)).toThrow(RangeError);
    expect(() => log.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => log.inclusionProof(0, 6)).toThrow(RangeError);
    expect(() => log.consistencyProof(4, 6)).toThrow(RangeError);
    expect(() => log.consistencyProof(5, 4)).toThrow(RangeError);
    expect(() => log.leafHash(5)).toThrow(RangeError);
    expect(() => log.subtreeHash(2, 1)).toThrow(RangeError); // leaves 4..7 are not all there
    expect(() => log.subtreeHash(9, 0)).toThrow(RangeError);
  });

  it('does not hand out its own memory', () => {
    const log = MerkleLog.fromLeafHashes(leafHashesOf(4));
    const root = hex(log.root());
    log.leafHash(0).fill(0);
    log.subtreeHash(1, 0).fill(0);
    log.root().fill(0);
    expect(hex(log.root())).toBe(root);
  });

  it('stores every complete subtree hash as soon as it is complete', () => {
    const leaves = leafHashesOf(7);
    const log = MerkleLog.fromLeafHashes(leaves);
    expect(hex(log.subtreeHash(1, 2))).toBe(hex(refRoot(leaves.slice(4, 6))));
    expect(hex(log.subtreeHash(2, 0))).toBe(hex(refRoot(leaves.slice(0, 4))));
    expect(() => log.subtreeHash(1, 3)).toThrow(RangeError);
  });

  it('produces exactly the RFC PATH and PROOF for every index and size up to 70', () => {
    const leaves = leafHashesOf(70, 1);
    const log = MerkleLog.fromLeafHashes(leaves);
    for (let size = 1; size <= leaves.length; size++) {
      const prefix = leaves.slice(0, size);
      expect(hex(log.root(size))).toBe(hex(refRoot(prefix)));
      for (let index = 0; index < size; index++) {
        expect(log.inclusionProof(index, size).map(hex)).toEqual(refPath(index, prefix).map(hex));
      }
      for (let old = 1; old <= size; old++) {
        expect(log.consistencyProof(old, size).map(hex)).toEqual(refConsistency(old, prefix).map(hex));
      }
    }
  });

  it('has an empty consistency proof from the empty tree', () => {
    const log = MerkleLog.fromLeafHashes(leafHashesOf(3));
    expect(log.consistencyProof(0, 3)).toEqual([]);
    expect(log.consistencyProof(0, 0)).toEqual([]);
  });

  it('incremental roots equal the brute-force MTH after every append (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: n, maxLength: n })),
        (data) => {
        const log = new MerkleLog();
        const leaves: Buffer[] = [];
        for (const item of data) {
          log.appendData(item);
          leaves.push(refLeafHash(item));
          expect(hex(log.root())).toBe(hex(refRoot(leaves)));
        }
        // …and every earlier size is still served afterwards.
        for (let size = 0; size <= leaves.length; size++) {
          expect(hex(log.root(size))).toBe(hex(refRoot(leaves.slice(0, size))));
        }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('lists the nodes a store must provide, and they suffice', () => {
    const leaves = leafHashesOf(21);
    const log = MerkleLog.fromLeafHashes(leaves);
    // A store that only has the listed nodes (anything else throws).
    const only = (nodes: { level: number; index: number }[]): NodeHashSource => {
      const map = new Map(nodes.map((node) => [`${node.level}:${node.index}`, log.subtreeHash(node.level, node.index)]));
      const read = (level: number, index: number): Buffer => {
        const hash = map.get(`${level}:${index}`);
        if (hash === undefined) throw new Error(`node ${level}:${index} was not prefetched`);
        return hash;
      };
      return { size: 21, leafHash: (index) => read(0, index), subtreeHash: read };
    };
    expect(rootNodes(21)).toEqual([
      { level: 4, index: 0 },
      { level: 2, index: 4 },
      { level: 0, index: 20 },
    ]);
    expect(hex(treeRoot(only(rootNodes(13)), 13))).toBe(hex(refRoot(leaves.slice(0, 13))));
    const path = MerkleLog.prototype.inclusionProof.call(only(inclusionProofNodes(6, 21)) as MerkleLog, 6, 21);
    expect(path.map(hex)).toEqual(refPath(6, leaves).map(hex));
    const proof = MerkleLog.prototype.consistencyProof.call(only(consistencyProofNodes(11, 21)) as MerkleLog, 11, 21);
    expect(proof.map(hex)).toEqual(refConsistency(11, leaves).map(hex));
  });

  it('serves root, inclusion and consistency proofs at 1,000,000 leaves in O(log n) (timing printed, not asserted)', () => {
    const n = 1_000_000;
    const data = Buffer.allocUnsafe(4);
    const log = new MerkleLog();
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      data.writeUInt32BE(i);
      log.append(hashLeaf(data)); // what the service does per entry: hash the leaf, append it
    }
    const appendMs = performance.now() - t;
    expect(log.size).toBe(n);

    const time = <T>(fn: () => T, runs: number): { value: T; medianMs: number; p99Ms: number; maxMs: number } => {
      let value = fn(); // warm-up
      const samples: number[] = [];
      for (let r = 0; r < runs; r++) {
        const start = performance.now();
        value = fn();
        samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      const at = (q: number): number => samples[Math.min(runs - 1, Math.floor(q * runs))] as number;
      return { value, medianMs: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
    };

    const runs = 1000;
    const root = time(() => log.root(), runs);
    const earlierRoot = time(() => log.root(777_777), runs);
    let index = 0;
    const inclusion = time(() => log.inclusionProof((index = (index * 7919 + 104_729) % n), n), runs);
    let old = 1;
    const consistency = time(() => log.consistencyProof((old = ((old * 7919 + 31) % (n - 1)) + 1), n), runs);
    const lastLeaf = log.leafHash(n - 1);
    const lastInclusion = log.inclusionProof(n - 1, n);
    const verifying = time(() => verifyInclusion(lastLeaf, n - 1, n, lastInclusion, root.value), runs);

    // The proofs are real: they verify against the root.
    expect(verifyInclusion(log.leafHash(index), index, n, inclusion.value, root.value)).toBe(true);
    expect(verifyConsistency(old, n, log.root(old), root.value, consistency.value)).toBe(true);
    expect(verifying.value).toBe(true);
    expect(inclusion.value).toHaveLength(20);

    const f = (ms: number): string => `${ms.toFixed(3)} ms`;
    const row = (name: string, r: { medianMs: number; p99Ms: number; maxMs: number }): string =>
      `  ${name.padEnd(20)} median ${f(r.medianMs)}, p99 ${f(r.p99Ms)}, max ${f(r.maxMs)}`;
    console.log(
      [
        `MerkleLog at ${n.toLocaleString('en-US')} leaves (node ${process.version}, ${runs} runs each):`,
        `  append all (leaf hash + append): ${f(appendMs)} = ${Math.round(n / (appendMs / 1000)).toLocaleString('en-US')} appends/s`,
        row('root()', root),
        row('root(777777)', earlierRoot),
        row('inclusionProof', inclusion),
        row('consistencyProof', consistency),
        row('verifyInclusion', verifying),
      ].join('\n'),
    );
  }, 120_000);
});
