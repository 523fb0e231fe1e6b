import fc from 'fast-check';
import { inclusionProof, inclusionProofNodes, verifyInclusion } from './inclusion-proof';
import { emptyTreeHash } from './merkle-hash';
import { MerkleLog } from './merkle-tree';
import {
  CT_INCLUSION_PROOFS,
  CT_ROOTS,
  ctLeafHashes,
  flipBit,
  hex,
  refLeafHash,
  refRoot,
  unhex,
} from './rfc6962-reference.test-helpers';

/**
 * n = 1..300 random, distinct leaves (random bytes plus the index, so no two leaves or subtrees
 * are equal). The size is drawn explicitly: fast-check's default array sizes stay small.
 */
const distinctLeaves = fc
  .tuple(fc.integer({ min: 1, max: 300 }), fc.uint8Array({ minLength: 1, maxLength: 16 }))
  .map(([n, seed]) => Array.from({ length: n }, (_, i) => refLeafHash(Buffer.concat([seed, Buffer.from(`#${i}`)]))));

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  const leaves = ctLeafHashes();
  const log = MerkleLog.fromLeafHashes(leaves);

  it.each(CT_INCLUSION_PROOFS)('matches the CT reference proof for leaf $index of $size', ({ index, size, proof }) => {
    expect(log.inclusionProof(index, size).map(hex)).toEqual(proof);
    const root = unhex(CT_ROOTS[size - 1] as string);
    expect(verifyInclusion(leaves[index] as Buffer, index, size, proof.map(unhex), root)).toBe(true);
  });

  it.each(CT_INCLUSION_PROOFS)('rejects every corruption of the CT proof for leaf $index of $size', ({ index, size, proof }) => {
    const leaf = leaves[index] as Buffer;
    const root = unhex(CT_ROOTS[size - 1] as string);
    const path = proof.map(unhex);
    const some = unhex('abacaba000000000000000000000000000000000000000000060061e00123456');
    const probes: [string, Buffer, number, number, Buffer[], Buffer][] = [
      ['index - 1', leaf, index - 1, size, path, root],
      ['index + 1', leaf, index + 1, size, path, root],
      ['index ^ 2', leaf, index ^ 2, size, path, root],
      ['size * 2', leaf, index, size * 2, path, root],
      ['size / 2', leaf, index, Math.floor(size / 2), path, root],
      ['wrong leaf', flipBit(leaf), index, size, path, root],
      ['empty root', leaf, index, size, path, emptyTreeHash()],
      ['random root', leaf, index, size, path, some],
      ['trailing root', leaf, index, size, [...path, root], root],
      ['preceding root', leaf, index, size, [root, ...path], root],
      ['removed component', leaf, index, size, path.slice(0, -1), root],
      ['inserted component', leaf, index, size, [path[0] as Buffer, some, ...path.slice(1)], root],
      ...path.map((_, i): [string, Buffer, number, number, Buffer[], Buffer] => [
        `flipped bit in proof[${i}]`,
        leaf,
        index,
        size,
        path.map((p, j) => (j === i ? flipBit(p, 3) : p)),
        root,
      ]),
    ];
    const accepted = probes.filter(([, l, i, s, p, r]) => verifyInclusion(l, i, s, p, r)).map(([name]) => name);
    expect(accepted).toEqual([]);
  });

  it('has an empty path in a one-leaf tree, whose root is the leaf hash', () => {
    const one = refLeafHash(Buffer.from('data'));
    expect(verifyInclusion(one, 0, 1, [], one)).toBe(true);
    expect(verifyInclusion(one, 0, 1, [], flipBit(one))).toBe(false);
    expect(verifyInclusion(one, 1, 1, [], one)).toBe(false);
    expect(verifyInclusion(one, 0, 0, [], one)).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), fc.anything(), (a, b, c, d, e) => {
        const call = verifyInclusion as (...args: unknown[]) => unknown;
        expect(call(a, b, c, d, e)).toBe(false);
      }),
    );
    expect(verifyInclusion(leaves[0] as Buffer, 0, Number.MAX_SAFE_INTEGER + 1, [], leaves[0] as Buffer)).toBe(false);
    expect(verifyInclusion(leaves[0] as Buffer, 0.5, 8, [], leaves[0] as Buffer)).toBe(false);
    expect(verifyInclusion(leaves[0] as Buffer, 0, 8, [new Uint8Array(31)], leaves[0] as Buffer)).toBe(false);
  });

  it('every proof verifies, and fails for another leaf, index or root (property, n = 1..300)', () => {
    fc.assert(
      fc.property(distinctLeaves, fc.nat(), (hashes, offset) => {
        const tree = MerkleLog.fromLeafHashes(hashes);
        const n = hashes.length;
        const root = tree.root();
        expect(hex(root)).toBe(hex(refRoot(hashes)));
        for (let i = 0; i < n; i++) {
          const proof = tree.inclusionProof(i, n);
          const leaf = hashes[i] as Buffer;
          expect(verifyInclusion(leaf, i, n, proof, root)).toBe(true);
          expect(verifyInclusion(flipBit(leaf, i), i, n, proof, root)).toBe(false);
          expect(verifyInclusion(leaf, i, n, proof, flipBit(root, i))).toBe(false);
          if (n > 1) {
            const other = (i + 1 + (offset % (n - 1))) % n; // any index but i
            expect(verifyInclusion(leaf, other, n, proof, root)).toBe(false);
            expect(verifyInclusion(hashes[other] as Buffer, i, n, proof, root)).toBe(false);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('proves inclusion in every earlier tree size too (property)', () => {
    fc.assert(
      fc.property(distinctLeaves, fc.nat(), fc.nat(), (hashes, a, b) => {
        const tree = MerkleLog.fromLeafHashes(hashes);
        const size = 1 + (a % hashes.length);
        const index = b % size;
        const proof = tree.inclusionProof(index, size);
        expect(verifyInclusion(hashes[index] as Buffer, index, size, proof, refRoot(hashes.slice(0, size)))).toBe(true);
        if (size < hashes.length) {
          expect(verifyInclusion(hashes[index] as Buffer, index, size, proof, tree.root())).toBe(false);
        }
      }),
    );
  });

  it('names at most one node per level for a store to fetch', () => {
    expect(inclusionProofNodes(5, 8)).toEqual([
      { level: 0, index: 4 },
      { level: 1, index: 3 },
      { level: 2, index: 0 },
    ]);
    expect(inclusionProofNodes(0, 1)).toEqual([]);
    expect(() => inclusionProof(log, 8, 8)).toThrow(RangeError);
  });
});
