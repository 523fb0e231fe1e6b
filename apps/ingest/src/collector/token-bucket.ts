export type TakeOutcome = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * A token bucket: `capacity` tokens at most, refilled continuously at `ratePerSecond`. A request
 * costing `cost` tokens is admitted when the bucket holds them, and then pays them.
 *
 * A cost larger than the capacity could never be paid. It is admitted only when the bucket is full,
 * and leaves the bucket in debt (negative) that later requests wait out, so the long-run rate still
 * holds. The alternative, a 400, would make an SDK drop a valid batch for good (analytics-node never
 * retries a 400).
 *
 * A refused request pays nothing; its `retryAfterSeconds` (whole seconds, at least 1) is how long
 * the bucket needs to refill enough for it, if nothing else is admitted meanwhile.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    /** Milliseconds of a monotonic clock. */
    now: number,
  ) {
    if (!(ratePerSecond > 0) || !(capacity > 0)) throw new RangeError('A token bucket needs a positive rate and capacity');
    this.tokens = capacity;
    this.updatedAt = now;
  }

  take(cost: number, now: number): TakeOutcome {
    this.refill(now);
    if (cost <= 0) return { admitted: true };
    const needed = Math.min(cost, this.capacity);
    if (this.tokens >= needed) {
      this.tokens -= cost;
      return { admitted: true };
    }
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - this.tokens) / this.ratePerSecond)) };
  }

  /** Tokens now (negative while in debt). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    const elapsedMs = now - this.updatedAt;
    if (elapsedMs > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
      this.updatedAt = now;
    }
  }
}
