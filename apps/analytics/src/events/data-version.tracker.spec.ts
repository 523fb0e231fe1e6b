import fc from 'fast-check';
import { DataVersionTracker } from './data-version.tracker';

describe('DataVersionTracker', () => {
  it('advances over contiguous positions only', () => {
    const t = new DataVersionTracker(0);
    t.markApplied([1, 2, 4]);
    expect(t.version).toBe(2);
    expect(t.appliedAbove).toEqual([4]);
    t.markApplied([3]);
    expect(t.version).toBe(4);
    expect(t.appliedAbove).toEqual([]);
  });

  it('ignores positions at or below the floor (redeliveries)', () => {
    const t = new DataVersionTracker(10, [12]);
    t.markApplied([5, 10, 11]);
    expect(t.version).toBe(12);
  });

  it('restores from a persisted floor and the positions above it', () => {
    const before = new DataVersionTracker(3);
    before.markApplied([5, 6]);
    const after = new DataVersionTracker(before.version, before.appliedAbove);
    after.markApplied([4]);
    expect(after.version).toBe(6);
  });

  it('treats positions purged or deleted from the stream as applied', () => {
    const t = new DataVersionTracker(2, [9]);
    // 3 and 4 were purged (first seq 5); 6, 8 and 12 were deleted.
    t.markGone(5, [6, 8, 12]);
    expect(t.version).toBe(4);
    expect(t.appliedAbove).toEqual([6, 8, 9, 12]);
    t.markApplied([5, 7]);
    expect(t.version).toBe(9);
    t.markApplied([10, 11]);
    expect(t.version).toBe(12);
    t.markGone(1, []);
    expect(t.version).toBe(12);
  });

  it('equals the longest applied prefix whatever the order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 120 }), (seqs) => {
        const t = new DataVersionTracker(0);
        for (const s of seqs) t.markApplied([s]);
        const set = new Set(seqs);
        let expected = 0;
        while (set.has(expected + 1)) expected += 1;
        expect(t.version).toBe(expected);
        expect(t.appliedAbove.every((s) => s > expected + 1 && set.has(s))).toBe(true);
      }),
    );
  });
});
