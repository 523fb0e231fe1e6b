import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AuditProofReply, type AuditTrailPageReply, DomainError, encodeCursor, pageOf } from '@fulcrum/contracts';
import { type MerkleLog, hashToHex } from '@fulcrum/audit-log';
import { integerCursor } from '../infrastructure/list-cursor.decoder';
import { AuditEntriesRepository } from './audit-entries.repository';
import { type ActionToSeal, rowToDto, sealActions } from './audit-entry.mapper';
import { AuditLogCache } from './audit-log.cache';
import { type AppendedAuditEntry, type AuditAction, AuditTrailPort } from './audit-trail.port';
import { TreeHeadService } from './tree-head.service';

/**
 * The audit trail: appends inside the caller's transaction, proves inclusion and consistency
 * against signed heads, erases payloads. Proofs and roots come from an in-memory Merkle log that
 * catches up from the committed rows before every use (see AuditLogCache), so they are right
 * after rollbacks and with several replicas appending. A background follower also catches up once
 * a second, so a proof after a burst of appends does not pay for loading them (measured in
 * docs/performance.md).
 */
const FOLLOW_INTERVAL_MS = 1_000;
const AUDIT_TRAIL_CURSOR = 'audit-trail';

@Injectable()
export class AuditTrailService extends AuditTrailPort implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuditTrailService.name);
  private readonly cache: AuditLogCache;
  private follower?: NodeJS.Timeout;
  private following?: Promise<unknown>;

  constructor(
    private readonly entries: AuditEntriesRepository,
    private readonly heads: TreeHeadService,
  ) {
    super();
    this.cache = new AuditLogCache((fromSeq, limit) => this.entries.recordedLeaves(fromSeq, limit));
  }

  /** Loads (and checks) the whole log at start, so the first proof does not pay for it. */
  async onModuleInit(): Promise<void> {
    await this.cache.synced();
    this.follower = setInterval(() => this.follow(), FOLLOW_INTERVAL_MS);
    this.follower.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.follower);
    await this.following;
  }

  /** One background catch-up at a time; a failure is logged and retried on the next tick (proofs sync anyway). */
  private follow(): void {
    if (this.following) return;
    this.following = this.cache
      .synced()
      .catch((error: unknown) => this.logger.warn(`audit trail follower: ${(error as Error).message}`))
      .finally(() => {
        this.following = undefined;
      });
  }

  append(manager: EntityManager, actions: readonly AuditAction[]): Promise<AppendedAuditEntry[]> {
    return this.appendActions(manager, actions);
  }

  /**
   * Locks the log state row (held until the caller commits or rolls back), so seqs are contiguous
   * and appends of all replicas are serialised. Take your own row locks before calling this.
   * The cache is not touched: it only ever learns committed rows.
   */
  async appendActions(manager: EntityManager, actions: readonly ActionToSeal[]): Promise<AppendedAuditEntry[]> {
    if (actions.length === 0) return [];
    const firstSeq = await this.entries.lockNextSeq(manager);
    const sealed = sealActions(actions, firstSeq, new Date());
    await this.entries.insert(manager, sealed);
    await this.entries.setNextSeq(manager, firstSeq + sealed.length);
    return sealed.map((s) => ({ seq: s.entry.seq, leafHash: s.leafHash }));
  }

  /** Takes the trail lock now (appends in this transaction re-take it for free). */
  async lock(manager: EntityManager): Promise<void> {
    await this.entries.lockNextSeq(manager);
  }

  /** Source message ids already appended (AUDIT-stream idempotency), under the caller's lock. */
  existingSourceMessages(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string | null>> {
    return this.entries.existingSourceMessages(manager, ids);
  }

  proof(seq: number, treeSize?: number | null): Promise<AuditProofReply> {
    return this.proveEntry(null, seq, treeSize ?? null, null);
  }

  /**
   * Inclusion of `seq` in the tree of `treeSize` (default current), plus consistency from
   * `fromTreeSize`. With a project, only an entry of that project is proven: an entry of another
   * project (or an instance-level one) gets exactly the answer of an entry that does not exist, and
   * before any check that could tell them apart.
   */
  async proveEntry(projectId: string | null, seq: number, treeSize: number | null, fromTreeSize: number | null): Promise<AuditProofReply> {
    const notFound = () => new DomainError('AUDIT_ENTRY_NOT_FOUND', `No audit trail entry ${seq}`, { seq });
    if (!Number.isSafeInteger(seq) || seq < 0) throw notFound();
    const row = await this.entries.find(seq, projectId ?? undefined);
    if (!row) throw notFound();
    // Committed, so the catch-up below covers it.
    const log = await this.cache.synced();
    const current = log.size;
    if (seq >= current) throw notFound();
    const size = treeSize ?? current;
    if (size > current) {
      throw new DomainError('VALIDATION_FAILED', `treeSize ${size} exceeds the current tree size ${current}`, {
        field: 'treeSize',
        currentTreeSize: current,
      });
    }
    if (seq >= size) {
      throw new DomainError('VALIDATION_FAILED', `entry ${seq} is not in the tree of size ${size}`, { field: 'seq', treeSize: size });
    }
    if (fromTreeSize !== null && fromTreeSize > size) {
      throw new DomainError('VALIDATION_FAILED', `fromTreeSize ${fromTreeSize} exceeds treeSize ${size}`, { field: 'fromTreeSize', treeSize: size });
    }
    // Computed before the next await, from sizes fixed now (the cache may grow meanwhile).
    const root = log.root(size);
    const inclusion = { leafIndex: seq, treeSize: size, leafHash: hashToHex(log.leafHash(seq)), path: log.inclusionProof(seq, size).map(hashToHex) };
    const consistency =
      fromTreeSize === null ? null : { fromSize: fromTreeSize, toSize: size, path: log.consistencyProof(fromTreeSize, size).map(hashToHex) };
    const treeHead = await this.heads.signedHead(size, root);
    return { entry: rowToDto(row), treeHead, inclusion, consistency };
  }

  async erasePayloads(manager: EntityManager, seqs: readonly number[]): Promise<void> {
    const unique = [...new Set(seqs)];
    if (unique.length === 0) return;
    const bad = unique.filter((s) => !Number.isSafeInteger(s) || s < 0);
    if (bad.length > 0) throw new DomainError('VALIDATION_FAILED', `not audit trail seqs: ${bad.join(', ')}`, { field: 'seqs' });
    const found = new Set(await this.entries.erasePayloads(manager, unique));
    const missing = unique.filter((s) => !found.has(s));
    if (missing.length > 0) {
      throw new DomainError('AUDIT_ENTRY_NOT_FOUND', `No audit trail entries ${missing.join(', ')}`, { seqs: missing });
    }
  }

  adoptUnscoped(manager: EntityManager, projectId: string): Promise<number> {
    return this.entries.adoptUnscoped(manager, projectId);
  }

  /** The project's entries, oldest first (by seq); the cursor is the seq. */
  async page(projectId: string, first: number, after: string | undefined): Promise<AuditTrailPageReply> {
    const afterSeq = after === undefined ? -1 : integerCursor(AUDIT_TRAIL_CURSOR, after);
    const { rows, total } = await this.entries.projectPage(projectId, afterSeq, first + 1);
    return pageOf(rows.map(rowToDto), first, total, (entry) => encodeCursor(AUDIT_TRAIL_CURSOR, [entry.seq]));
  }

  /** The log caught up with every committed entry. */
  syncedLog(): Promise<MerkleLog> {
    return this.cache.synced();
  }
}
