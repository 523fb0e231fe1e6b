/**
 * In-memory map of write key → project id in front of the database. Misses are remembered for a
 * short time so a client hammering with a wrong key cannot turn every request into a query.
 */
export class WriteKeyCache {
  private readonly known = new Map<string, string>();
  private readonly misses = new Map<string, number>();

  constructor(
    private readonly missTtlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): string | undefined {
    return this.known.get(key);
  }

  set(key: string, projectId: string): void {
    this.known.set(key, projectId);
    this.misses.delete(key);
  }

  isRecentMiss(key: string): boolean {
    const at = this.misses.get(key);
    if (at === undefined) return false;
    if (this.now() - at > this.missTtlMs) {
      this.misses.delete(key);
      return false;
    }
    return true;
  }

  rememberMiss(key: string): void {
    if (this.misses.size > 10_000) this.misses.clear();
    this.misses.set(key, this.now());
  }
}
