import { type AuditEntry, MerkleLog, auditEntryLeafHash, hashToHex } from '@fulcrum/audit-log';

/** A committed entry with the leaf hash recorded when it was appended. */
export interface RecordedLeaf {
  entry: AuditEntry;
  leafHash: string;
}

/** Reads committed entries with `seq >= fromSeq`, in seq order, at most `limit`. */
export type RecordedLeafReader = (fromSeq: number, limit: number) => Promise<RecordedLeaf[]>;

export class AuditTrailCorruptError extends Error {
  override readonly name = 'AuditTrailCorruptError';
}

/**
 * In-memory Merkle log over the committed entries. It is only ever filled from what the
 * database returns (never from an append in flight), so a rolled-back transaction cannot leave
 * a leaf behind, and entries appended by another replica are picked up by the next `synced()`.
 * Catch-ups are serialised, so concurrent callers never append a leaf twice.
 *
 * Each loaded entry is re-hashed and compared with its recorded leaf hash: a row edited in the
 * database stops the service from signing heads over it instead of being silently certified.
 */
export class AuditLogCache {
  private readonly log = new MerkleLog();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly read: RecordedLeafReader,
    private readonly chunkSize = 5_000,
  ) {}

  /** Leaves loaded so far (may lag the database until the next `synced()`). */
  get size(): number {
    return this.log.size;
  }

  /** Catches up with every committed entry, then returns the log. Compute with explicit sizes. */
  synced(): Promise<MerkleLog> {
    const run = this.queue.then(() => this.catchUp());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async catchUp(): Promise<MerkleLog> {
    for (;;) {
      const from = this.log.size;
      const rows = await this.read(from, this.chunkSize);
      rows.forEach((row, index) => {
        const expected = from + index;
        if (row.entry.seq !== expected) {
          throw new AuditTrailCorruptError(`audit trail gap: expected seq ${expected}, found ${row.entry.seq}`);
        }
        const leaf = auditEntryLeafHash(row.entry);
        if (hashToHex(leaf) !== row.leafHash) {
          throw new AuditTrailCorruptError(`audit entry ${expected} does not match its recorded leaf hash`);
        }
        this.log.append(leaf);
      });
      if (rows.length < this.chunkSize) return this.log;
    }
  }
}
