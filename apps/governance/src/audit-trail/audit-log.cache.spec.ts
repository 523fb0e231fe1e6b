import fc from 'fast-check';
import { type AuditEntry, MerkleLog, auditEntryLeafHash, hashToHex } from '@fulcrum/audit-log';
import { AuditLogCache, AuditTrailCorruptError, type RecordedLeaf } from './audit-log.cache';

function leaf(seq: number): RecordedLeaf {
  const entry: AuditEntry = { seq, at: '2025-03-01T09:00:00.000Z', actor: 'user:ana', action: 'x.y', subject: `s:${seq}`, payloadHash: `sha256:${'0'.repeat(64)}` };
  return { entry, leafHash: hashToHex(auditEntryLeafHash(entry)) };
}

/** A stand-in for the committed rows of audit_entries, counting the reads. */
class CommittedRows {
  rows: RecordedLeaf[] = [];
  reads = 0;
  commit(n: number): void {
    for (let i = 0; i < n; i++) this.rows.push(leaf(this.rows.length));
  }
  readonly read = async (from: number, limit: number): Promise<RecordedLeaf[]> => {
    this.reads++;
    await Promise.resolve();
    return this.rows.slice(from, from + limit);
  };
}

const reference = (rows: RecordedLeaf[]) => MerkleLog.fromLeafHashes(rows.map((r) => auditEntryLeafHash(r.entry)));

describe('AuditLogCache', () => {
  it('catches up in chunks with what was committed, and only that', async () => {
    const db = new CommittedRows();
    const cache = new AuditLogCache(db.read, 4);
    db.commit(10);
    expect((await cache.synced()).size).toBe(10);
    expect(db.reads).toBe(3); // 4 + 4 + 2
    // An append that rolled back never reached the rows, so the cache never sees it.
    db.commit(1);
    const log = await cache.synced();
    expect(log.size).toBe(11);
    expect(log.root()).toEqual(reference(db.rows).root());
  });

  it('never appends a leaf twice when callers sync concurrently', async () => {
    const db = new CommittedRows();
    const cache = new AuditLogCache(db.read, 3);
    db.commit(7);
    const logs = await Promise.all([cache.synced(), cache.synced(), cache.synced()]);
    expect(logs.map((l) => l.size)).toEqual([7, 7, 7]);
    expect(cache.size).toBe(7);
  });

  it('matches a log built from scratch after any interleaving of commits (by any replica) and syncs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(-1)), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), async (steps, chunk) => {
        const db = new CommittedRows();
        const cache = new AuditLogCache(db.read, chunk);
        for (const step of steps) {
          if (step < 0) await cache.synced();
          else db.commit(step);
        }
        const log = await cache.synced();
        const ref = reference(db.rows);
        expect(log.size).toBe(ref.size);
        expect(log.root()).toEqual(ref.root());
        if (ref.size > 1) expect(log.consistencyProof(1, ref.size)).toEqual(ref.consistencyProof(1, ref.size));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a row whose entry no longer matches its recorded leaf hash, or a gap', async () => {
    const db = new CommittedRows();
    db.commit(3);
    db.rows[1] = { ...db.rows[1], entry: { ...db.rows[1].entry, actor: 'user:mallory' } };
    await expect(new AuditLogCache(db.read).synced()).rejects.toThrow(AuditTrailCorruptError);

    const gap = new CommittedRows();
    gap.commit(3);
    gap.rows.splice(1, 1);
    await expect(new AuditLogCache(gap.read).synced()).rejects.toThrow(/gap: expected seq 1, found 2/);
  });

  it('recovers for the next caller after a failed read', async () => {
    const db = new CommittedRows();
    db.commit(2);
    let fail = true;
    const cache = new AuditLogCache(async (from, limit) => {
      if (fail) throw new Error('connection lost');
      return db.read(from, limit);
    });
    await expect(cache.synced()).rejects.toThrow('connection lost');
    fail = false;
    expect((await cache.synced()).size).toBe(2);
  });
});
