import fc from 'fast-check';
import { consistencyProof, consistencyProofNodes, verifyConsistency } from './consistency-proof';
import { emptyTreeHash } from './merkle-hash';
import { MerkleLog } from './merkle-tree';
import {
  CT_CONSISTENCY_PROOFS,
  CT_ROOTS,
  ctLeafHashes,
  flipBit,
  hex,
  refConsistency,
  refLeafHash,
  refRoot,
  unhex,
} from './rfc6962-reference.test-helpers';

const ctRoot = (size: number): Buffer => unhex(CT_ROOTS[size - 1] as string);

/** n = 1..300 random, distinct leaves (size drawn explicitly; fast-check's default sizes stay small). */
const distinctLeaves = fc
  .tuple(fc.integer({ min: 1, max: 300 }), fc.uint8Array({ minLength: 1, maxLength: 16 }))
  .map(([n, seed]) => Array.from({ length: n }, (_, i) => refLeafHash(Buffer.concat([seed, Buffer.from(`#${i}`)]))));

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  const log = MerkleLog.fromLeafHashes(ctLeafHashes());

  it.each(CT_CONSISTENCY_PROOFS)('matches the CT reference proof from $oldSize to $newSize', ({ oldSize, newSize, proof }) => {
    expect(log.consistencyProof(oldSize, newSize).map(hex)).toEqual(proof);
    expect(verifyConsistency(oldSize, newSize, ctRoot(oldSize), ctRoot(newSize), proof.map(unhex))).toBe(true);
  });

  it.each(CT_CONSISTENCY_PROOFS.filter((v) => v.proof.length > 0))(
    'rejects every corruption of the CT proof from $oldSize to $newSize',
    ({ oldSize, newSize, proof }) => {
      const r1 = ctRoot(oldSize);
      const r2 = ctRoot(newSize);
      const path = proof.map(unhex);
      const probes: [string, number, number, Buffer, Buffer, Buffer[]][] = [
        ['oldSize - 1', oldSize - 1, newSize, r1, r2, path],
        ['oldSize + 1', oldSize + 1, newSize, r1, r2, path],
        ['oldSize ^ 2', oldSize ^ 2, newSize, r1, r2, path],
        ['newSize * 2', oldSize, newSize * 2, r1, r2, path],
        ['newSize / 2', oldSize, Math.floor(newSize / 2), r1, r2, path],
        ['wrong old root', oldSize, newSize, flipBit(r1), r2, path],
        ['wrong new root', oldSize, newSize, r1, flipBit(r2), path],
        ['swapped roots', oldSize, newSize, r2, r1, path],
        ['empty proof', oldSize, newSize, r1, r2, []],
        ['trailing old root', oldSize, newSize, r1, r2, [...path, r1]],
        ['trailing new root', oldSize, newSize, r1, r2, [...path, r2]],
        ['preceding old root', oldSize, newSize, r1, r2, [r1, ...path]],
        ['preceding new root', oldSize, newSize, r1, r2, [r2, ...path]],
        ['preceding proof[0]', oldSize, newSize, r1, r2, [path[0] as Buffer, ...path]],
        ['truncated proof', oldSize, newSize, r1, r2, path.slice(0, -1)],
        ...path.map((_, i): [string, number, number, Buffer, Buffer, Buffer[]] => [
          `flipped bit in proof[${i}]`,
          oldSize,
          newSize,
          r1,
          r2,
          path.map((p, j) => (j === i ? flipBit(p, 4) : p)),
        ]),
      ];
      const accepted = probes.filter(([, m, n, a, b, p]) => verifyConsistency(m, n, a, b, p)).map(([name]) => name);
      expect(accepted).toEqual([]);
    },
  );

  it('handles the sizes the RFC leaves to the caller', () => {
    const r1 = ctRoot(1);
    const r3 = ctRoot(3);
    // Same size: empty proof and equal roots.
    expect(verifyConsistency(3, 3, r3, r3, [])).toBe(true);
    expect(verifyConsistency(3, 3, r3, flipBit(r3), [])).toBe(false);
    expect(verifyConsistency(3, 3, r3, r3, [r1])).toBe(false);
    // From the empty tree: empty proof, and the old root must be SHA-256("").
    expect(verifyConsistency(0, 3, emptyTreeHash(), r3, [])).toBe(true);
    expect(verifyConsistency(0, 0, emptyTreeHash(), emptyTreeHash(), [])).toBe(true);
    expect(verifyConsistency(0, 3, r1, r3, [])).toBe(false);
    expect(verifyConsistency(0, 3, emptyTreeHash(), r3, [r1])).toBe(false);
    // Time travel and nonsense.
    expect(verifyConsistency(3, 1, r3, r1, [])).toBe(false);
    expect(verifyConsistency(1, 3, r1, r3, [])).toBe(false);
    expect(verifyConsistency(-1, 3, r1, r3, [])).toBe(false);
    expect(verifyConsistency(1.5, 3, r1, r3, [])).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), fc.anything(), (a, b, c, d, e) => {
        const call = verifyConsistency as (...args: unknown[]) => unknown;
        expect(call(a, b, c, d, e)).toBe(false);
      }),
    );
    const r1 = ctRoot(1);
    expect(verifyConsistency(1, 8, r1, ctRoot(8), [new Uint8Array(32), new Uint8Array(31)])).toBe(false);
  });

  it('every proof verifies for all 0 < m ≤ n and fails for altered roots (property, n = 1..300)', () => {
    fc.assert(
      fc.property(distinctLeaves, (hashes) => {
        const tree = MerkleLog.fromLeafHashes(hashes);
        const n = hashes.length;
        const newRoot = tree.root();
        expect(hex(newRoot)).toBe(hex(refRoot(hashes)));
        for (let m = 1; m <= n; m++) {
          const oldRoot = tree.root(m);
          const proof = tree.consistencyProof(m, n);
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
          expect(verifyConsistency(m, n, flipBit(oldRoot, m), newRoot, proof)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, flipBit(newRoot, m), proof)).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('matches the reference SUBPROOF and proves prefixes only (property)', () => {
    fc.assert(
      fc.property(distinctLeaves, fc.nat(), fc.nat(), (hashes, a, b) => {
        const tree = MerkleLog.fromLeafHashes(hashes);
        const n = 1 + (a % hashes.length);
        const m = 1 + (b % n);
        const proof = tree.consistencyProof(m, n);
        expect(proof.map(hex)).toEqual(refConsistency(m, hashes.slice(0, n)).map(hex));
        expect(verifyConsistency(m, n, refRoot(hashes.slice(0, m)), refRoot(hashes.slice(0, n)), proof)).toBe(true);
        // A tree that differs in its first m leaves is not extended by this one.
        const forked = [flipBit(hashes[0] as Buffer), ...hashes.slice(1, m)];
        expect(verifyConsistency(m, n, refRoot(forked), refRoot(hashes.slice(0, n)), proof)).toBe(false);
      }),
    );
  });

  it('names the nodes a store must provide', () => {
    // MTH(D[4:6]), MTH(D[6:8]), MTH(D[0:4]): the three CT proof hashes from 6 to 8.
    expect(consistencyProofNodes(6, 8)).toEqual([
      { level: 1, index: 2 },
      { level: 1, index: 3 },
      { level: 2, index: 0 },
    ]);
    // From 5 to 7: leaf 4, leaf 5, leaf 6, then MTH(D[0:4]).
    expect(consistencyProofNodes(5, 7)).toEqual([
      { level: 0, index: 4 },
      { level: 0, index: 5 },
      { level: 0, index: 6 },
      { level: 2, index: 0 },
    ]);
    expect(consistencyProofNodes(8, 8)).toEqual([]);
    expect(() => consistencyProof(log, 3, 9)).toThrow(RangeError);
  });
});
