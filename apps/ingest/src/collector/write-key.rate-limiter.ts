import type { FactoryProvider } from '@nestjs/common';
import { DomainError } from '@fulcrum/contracts';
import { INGEST_CONFIG, INGEST_RATE_LIMIT_DEFAULTS, type IngestConfig, type IngestRateLimit } from '../config/ingest.env';
import { TokenBucket } from './token-bucket';

/** Buckets kept per replica; past it the one used longest ago is dropped (it is most likely full anyway). */
const MAX_BUCKETS = 100_000;

/**
 * One token bucket per write key in this replica (not shared: the limit a key gets is per replica).
 * A request costs its number of events and is charged before anything is published, so a refused
 * request stores nothing.
 */
export class WriteKeyRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly limit: IngestRateLimit,
    /** Monotonic milliseconds (a fake clock in specs). */
    private readonly now: () => number = () => performance.now(),
    private readonly maxBuckets = MAX_BUCKETS,
  ) {}

  /** Buckets kept now. */
  get size(): number {
    return this.buckets.size;
  }

  /** Charges `events` to the key, or throws RATE_LIMITED with `details.retryAfterSeconds`. */
  admit(writeKeyId: string, events: number): void {
    const now = this.now();
    let bucket = this.buckets.get(writeKeyId);
    if (bucket) {
      this.buckets.delete(writeKeyId); // re-inserted below: the map stays in order of last use
    } else {
      bucket = new TokenBucket(this.limit.eventsPerSecond, this.limit.burst, now);
      if (this.buckets.size >= this.maxBuckets) {
        const oldest = this.buckets.keys().next();
        if (!oldest.done) this.buckets.delete(oldest.value);
      }
    }
    this.buckets.set(writeKeyId, bucket);
    const outcome = bucket.take(events, now);
    if (outcome.admitted) return;
    throw new DomainError(
      'RATE_LIMITED',
      `This write key sent more than ${this.limit.eventsPerSecond} events/s (bursts up to ${this.limit.burst}) to this collector; nothing of the request is stored. Retry after ${outcome.retryAfterSeconds} s.`,
      { retryAfterSeconds: outcome.retryAfterSeconds, eventsPerSecond: this.limit.eventsPerSecond, burst: this.limit.burst, events },
    );
  }
}

/** The limiter of this replica, with the configured limit (the defaults when the config has none). */
export const WRITE_KEY_RATE_LIMITER_PROVIDER: FactoryProvider<WriteKeyRateLimiter> = {
  provide: WriteKeyRateLimiter,
  useFactory: (config: IngestConfig) => new WriteKeyRateLimiter(config.rateLimit ?? INGEST_RATE_LIMIT_DEFAULTS),
  inject: [INGEST_CONFIG],
};

