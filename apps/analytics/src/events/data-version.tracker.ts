/**
 * The data version is the stream position up to which *every* message is applied. Messages can be
 * applied out of order (after a crash, unacknowledged ones are redelivered after newer ones), so we
 * keep the contiguous floor plus the applied positions above it; the floor only moves over gaps
 * once they are filled.
 */
export class DataVersionTracker {
  private readonly above = new Set<number>();

  constructor(
    private floor: number,
    appliedAbove: Iterable<number> = [],
  ) {
    for (const seq of appliedAbove) if (seq > floor) this.above.add(seq);
    this.advance();
  }

  get version(): number {
    return this.floor;
  }

  /** Applied positions above the floor (persisted with the floor so a restart keeps them). */
  get appliedAbove(): number[] {
    return [...this.above].sort((a, b) => a - b);
  }

  markApplied(seqs: Iterable<number>): void {
    for (const seq of seqs) if (seq > this.floor) this.above.add(seq);
    this.advance();
  }

  /**
   * Positions that can never be delivered count as applied: those below the stream's first
   * sequence (purged) and those deleted from it (a GDPR erasure deletes messages; a store rebuilt
   * from the stream must not wait for them forever).
   */
  markGone(firstSeq: number, deleted: Iterable<number>): void {
    if (firstSeq - 1 > this.floor) {
      this.floor = firstSeq - 1;
      for (const seq of [...this.above]) if (seq <= this.floor) this.above.delete(seq);
    }
    this.markApplied(deleted);
  }

  private advance(): void {
    while (this.above.delete(this.floor + 1)) this.floor += 1;
  }
}
