/** Least time between two last-use writes of one key from one replica. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/** Keys whose last write this replica remembers; past it the oldest is forgotten (one extra write at worst). */
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * Records when a write key was last used, best effort and off the hot path: at most one write per
 * key per minute per replica, not awaited by the request, its failure only logged. Shutdown waits
 * for the writes already started.
 */
export class WriteKeyUsageRecorder {
  private readonly lastWrite = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly write: (writeKeyId: string, at: Date) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called for every authenticated request; returns at once. */
  record(writeKeyId: string): void {
    const now = this.now();
    const last = this.lastWrite.get(writeKeyId);
    if (last !== undefined && now - last < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastWrite.delete(writeKeyId);
    if (this.lastWrite.size >= MAX_REMEMBERED_KEYS) {
      const oldest = this.lastWrite.keys().next();
      if (!oldest.done) this.lastWrite.delete(oldest.value);
    }
    this.lastWrite.set(writeKeyId, now);
    const writing = this.write(writeKeyId, new Date(now)).catch(this.onError);
    this.pending.add(writing);
    void writing.finally(() => this.pending.delete(writing));
  }

  /** Waits for the writes already started (before the database closes). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
