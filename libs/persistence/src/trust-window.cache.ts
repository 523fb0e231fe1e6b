/**
 * How long a replica trusts what its database said about a credential (an API token, a session, a
 * write key), found or not found. This is the whole revocation mechanism of the replicated tiers: a
 * revoked credential, a disabled user or a removed membership is seen by every replica within
 * 500 ms plus one lookup, with no messages between replicas, which keeps the "within 1 s" promise of
 * the gateway (tokens, sessions, memberships) and of ingest (write keys). The 500 ms count from the
 * moment the query *started*: a query that began before a revocation committed may still see the
 * old state.
 */
export const TRUST_WINDOW_MS = 500;

/** Entries remembered per replica; past it the one refreshed longest ago is dropped. */
export const TRUST_WINDOW_MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T | null;
  /** When the query that produced `value` started. */
  loadedAt: number;
}

export interface TrustWindowCacheOptions {
  trustMs?: number;
  maxEntries?: number;
  /** Monotonic milliseconds (a fake clock in specs). */
  now?: () => number;
}

/**
 * A bounded map from a key (a credential's hash) to what `load` answered for it (a value, or null for
 * "not found"), reused while younger than `trustMs`. The hot path (a known key) is a Map lookup and a
 * clock read; concurrent requests for a key whose answer is missing or too old share one `load`, so a
 * key costs at most one query per `trustMs` per replica, junk keys included. A failed load is not
 * remembered (every waiter hears the failure; the next request asks again). `clear()` (after a
 * change made through this replica) also keeps loads already in flight from being remembered, so
 * this replica sees its own changes at once.
 */
export class TrustWindowCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T | null>>();
  private readonly trustMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private generation = 0;

  constructor(
    private readonly load: (key: string) => Promise<T | null>,
    options: TrustWindowCacheOptions = {},
  ) {
    this.trustMs = options.trustMs ?? TRUST_WINDOW_MS;
    this.maxEntries = options.maxEntries ?? TRUST_WINDOW_MAX_ENTRIES;
    this.now = options.now ?? (() => performance.now());
  }

  /** What the database says about `key`, at most `trustMs` old. */
  resolve(key: string): Promise<T | null> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.loadedAt < this.trustMs) return Promise.resolve(entry.value);
    return this.inFlight.get(key) ?? this.startLoad(key);
  }

  /** Forgets everything, loads in flight included (this replica changed a credential, a user or a membership). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.inFlight.clear();
  }

  /** Forgets one key (a session this replica just ended). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every remembered value `matches` picks (a write key this replica just revoked, whatever secret named it). */
  forgetWhere(matches: (value: T) => boolean): void {
    for (const [key, entry] of this.entries) if (entry.value !== null && matches(entry.value)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private startLoad(key: string): Promise<T | null> {
    const startedAt = this.now();
    const generation = this.generation;
    const loading = this.load(key).then(
      (value) => {
        if (generation === this.generation) {
          this.inFlight.delete(key);
          this.remember(key, { value, loadedAt: startedAt });
        }
        return value;
      },
      (error: unknown) => {
        if (generation === this.generation) this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, loading);
    return loading;
  }

  private remember(key: string, entry: Entry<T>): void {
    // Re-inserting keeps the map in refresh order, so the first key is the stalest.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const stalest = this.entries.keys().next();
      if (!stalest.done) this.entries.delete(stalest.value);
    }
    this.entries.set(key, entry);
  }
}
