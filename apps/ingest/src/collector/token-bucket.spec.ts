import fc from 'fast-check';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('admits a burst up to its capacity, then refuses with the seconds until the request fits', () => {
    const bucket = new TokenBucket(10, 20, 0);
    expect(bucket.take(15, 0)).toEqual({ admitted: true });
    expect(bucket.take(5, 0)).toEqual({ admitted: true });
    expect(bucket.take(1, 0)).toEqual({ admitted: false, retryAfterSeconds: 1 });
    // 15 tokens at 10/s: 1.5 s, rounded up to whole seconds.
    expect(bucket.take(15, 0)).toEqual({ admitted: false, retryAfterSeconds: 2 });
  });

  it('refills continuously at its rate, never above its capacity', () => {
    const bucket = new TokenBucket(10, 20, 0);
    bucket.take(20, 0);
    expect(bucket.available(500)).toBe(5);
    expect(bucket.take(6, 500)).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(bucket.take(5, 500)).toEqual({ admitted: true });
    expect(bucket.available(60_000)).toBe(20);
  });

  it('charges nothing for a refused request', () => {
    const bucket = new TokenBucket(10, 20, 0);
    bucket.take(18, 0);
    expect(bucket.take(5, 0).admitted).toBe(false);
    expect(bucket.available(0)).toBe(2);
  });

  it('admits an empty request always', () => {
    const bucket = new TokenBucket(1, 1, 0);
    bucket.take(1, 0);
    expect(bucket.take(0, 0)).toEqual({ admitted: true });
  });

  it('admits a request larger than the capacity only from a full bucket, and leaves a debt to wait out', () => {
    const bucket = new TokenBucket(10, 20, 0);
    bucket.take(1, 0);
    // 19 tokens: not full, the request waits for the missing one.
    expect(bucket.take(50, 0)).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(bucket.take(50, 100)).toEqual({ admitted: true });
    expect(bucket.available(100)).toBe(-30);
    // 31 tokens to get to 1: 3.1 s → 4 s.
    expect(bucket.take(1, 100)).toEqual({ admitted: false, retryAfterSeconds: 4 });
    expect(bucket.take(1, 3_200)).toEqual({ admitted: true });
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const bucket = new TokenBucket(1_000_000, 1, 0);
    bucket.take(1, 0);
    expect(bucket.take(1, 0)).toEqual({ admitted: false, retryAfterSeconds: 1 });
  });

  it('refuses a bucket without a positive rate or capacity', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, 0)).toThrow(RangeError);
  });

  it('never admits more than capacity + rate × elapsed (requests within capacity)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.array(fc.record({ dtMs: fc.integer({ min: 0, max: 400 }), cost: fc.integer({ min: 0, max: 2_000 }) }), { maxLength: 200 }),
        (rate, capacity, requests) => {
          const bucket = new TokenBucket(rate, capacity, 0);
          let now = 0;
          let admitted = 0;
          for (const { dtMs, cost } of requests) {
            now += dtMs;
            const c = Math.min(cost, capacity);
            if (bucket.take(c, now).admitted) admitted += c;
            expect(admitted).toBeLessThanOrEqual(capacity + (rate * now) / 1000 + 1e-6);
          }
        },
      ),
    );
  });

  it('admits a refused request once its Retry-After has passed (nothing else admitted meanwhile)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        (rate, capacity, spent, cost) => {
          const bucket = new TokenBucket(rate, capacity, 0);
          bucket.take(Math.min(spent, capacity), 0);
          const outcome = bucket.take(cost, 0);
          if (outcome.admitted) return;
          expect(outcome.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          expect(bucket.take(cost, outcome.retryAfterSeconds * 1000)).toEqual({ admitted: true });
        },
      ),
    );
  });
});
