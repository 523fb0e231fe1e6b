/**
 * How long a replica trusts what the database said about a write key, found or not found.
 * Revocation promise: a revoked key gets 401 on every ingest replica within 1 s, with no message
 * between replicas. An answer is trusted for 500 ms from the moment its query *started* (a query
 * that began before a revocation committed may still return the key as active), so a revoked key
 * is refused at most 500 ms plus one lookup after the revocation commits, which leaves half of the
 * second for the lookup and the request itself.
 */
export const WRITE_KEY_TRUST_MS = 500;

/** Keys remembered per replica; past it the entry refreshed longest ago is dropped first. */
export const WRITE_KEY_CACHE_MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T | null;
  /** When the query that produced `value` started. */
  loadedAt: number;
}

export interface WriteKeyCacheOptions {
  trustMs?: number;
  maxEntries?: number;
  /** Monotonic milliseconds (a fake clock in specs). */
  now?: () => number;
}

/**
 * Bounded in-memory map from a key to what the database answered for it (a value or null), in front
 * of `load`. The hot path costs at most one `load` per key per `trustMs` per replica: an answer is
 * reused while it is younger than that, and concurrent requests for a key whose answer is missing or
 * too old share one `load`. A failed `load` is not remembered (the next request asks again).
 */
export class WriteKeyCache<T extends { writeKeyId: string }> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T | null>>();
  private readonly trustMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly load: (key: string) => Promise<T | null>,
    options: WriteKeyCacheOptions = {},
  ) {
    this.trustMs = options.trustMs ?? WRITE_KEY_TRUST_MS;
    this.maxEntries = options.maxEntries ?? WRITE_KEY_CACHE_MAX_ENTRIES;
    this.now = options.now ?? (() => performance.now());
  }

  /** What the database says about `key`, at most `trustMs` old. */
  resolve(key: string): Promise<T | null> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.loadedAt < this.trustMs) return Promise.resolve(entry.value);
    return this.inFlight.get(key) ?? this.startLoad(key);
  }

  /** Drops what this replica knows about a key it just revoked (other replicas wait out `trustMs`). */
  forgetWriteKey(writeKeyId: string): void {
    for (const [key, entry] of this.entries) if (entry.value?.writeKeyId === writeKeyId) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private startLoad(key: string): Promise<T | null> {
    const startedAt = this.now();
    const loading = this.load(key).then(
      (value) => {
        this.inFlight.delete(key);
        this.remember(key, { value, loadedAt: startedAt });
        return value;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, loading);
    return loading;
  }

  private remember(key: string, entry: Entry<T>): void {
    // Re-inserting keeps the map in refresh order, so the first entry is the stalest one.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const stalest = this.entries.keys().next();
      if (!stalest.done) this.entries.delete(stalest.value);
    }
    this.entries.set(key, entry);
  }
}
