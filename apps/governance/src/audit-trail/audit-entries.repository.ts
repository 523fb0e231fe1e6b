import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuditEntryRow, type SealedEntry, rowToEntry } from './audit-entry.mapper';
import type { RecordedLeaf } from './audit-log.cache';

const ENTRY_COLUMNS =
  'seq, entry_version, at, actor, actor_name, project_id::text AS project_id, action, subject, payload_hash, leaf_hash, payload, payload_salt, erased_at';
/** Rows per INSERT statement (14 parameters each, well below PostgreSQL's 65,535). */
const INSERT_CHUNK = 500;
const INSERT_COLUMNS = 14;

/**
 * Governance's own actions from before projects: the v1 entries that adoption assigns to the
 * installation's first project. Actions that came over the AUDIT stream and trail exports stay
 * instance-level.
 */
export const ADOPTABLE_ACTIONS = [
  'model.registered',
  'model-version.registered',
  'alias.moved',
  'alias.gate-overridden',
  'decisions.recorded',
  'outcomes.recorded',
  'decisions.subject-erased',
  'audit.completed',
] as const;

/**
 * SQL of `audit_entries` and `audit_log_state`. Methods taking an EntityManager run in the
 * caller's transaction (on PGlite the pool has one connection: never mix in the DataSource there).
 */
@Injectable()
export class AuditEntriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks the log state row until the caller's transaction ends and returns the next seq. */
  async lockNextSeq(manager: EntityManager): Promise<number> {
    const rows: Array<{ next_seq: string }> = await manager.query('SELECT next_seq FROM audit_log_state WHERE id = 1 FOR UPDATE');
    if (rows.length !== 1) throw new Error('audit_log_state has no row: the audit trail migration did not run');
    return Number(rows[0].next_seq);
  }

  async setNextSeq(manager: EntityManager, nextSeq: number): Promise<void> {
    await manager.query('UPDATE audit_log_state SET next_seq = $1 WHERE id = 1', [nextSeq]);
  }

  async insert(manager: EntityManager, entries: readonly SealedEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
      const chunk = entries.slice(start, start + INSERT_CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((e) => {
        const base = params.length;
        params.push(
          e.entry.seq,
          e.entry.v === 2 ? 2 : 1,
          e.entry.actorName ?? null,
          e.entry.projectId ?? null,
          e.entry.at,
          e.entry.actor,
          e.entry.action,
          e.entry.subject,
          e.entry.payloadHash,
          e.leafHash,
          e.payloadJson,
          e.salt,
          e.sourceMessageId,
          e.sourceMessageHash,
        );
        return `(${Array.from({ length: INSERT_COLUMNS }, (_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      await manager.query(
        `INSERT INTO audit_entries (seq, entry_version, actor_name, project_id, at, actor, action, subject, payload_hash, leaf_hash, payload,
           payload_salt, source_message_id, source_message_hash) VALUES ${tuples.join(', ')}`,
        params,
      );
    }
  }

  /** Source message ids already on the trail, with the hash of the message that put them there. */
  async existingSourceMessages(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ source_message_id: string; source_message_hash: string | null }> = await manager.query(
      'SELECT source_message_id, source_message_hash FROM audit_entries WHERE source_message_id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.source_message_id, r.source_message_hash]));
  }

  /** Erases the payloads of these seqs (already erased ones stay as they are); returns the seqs that exist. */
  async erasePayloads(manager: EntityManager, seqs: readonly number[]): Promise<number[]> {
    await manager.query(
      `UPDATE audit_entries SET payload = NULL, payload_salt = NULL, erased_at = now()
        WHERE seq = ANY($1::bigint[]) AND erased_at IS NULL`,
      [seqs],
    );
    const rows: Array<{ seq: string }> = await manager.query('SELECT seq FROM audit_entries WHERE seq = ANY($1::bigint[])', [seqs]);
    return rows.map((r) => Number(r.seq));
  }

  /** Committed size of the log (a plain read, no lock). */
  async committedSize(): Promise<number> {
    const rows: Array<{ next_seq: string }> = await this.dataSource.query('SELECT next_seq FROM audit_log_state WHERE id = 1');
    return rows.length === 1 ? Number(rows[0].next_seq) : 0;
  }

  /** Entries with `seq >= fromSeq` (hashed fields and recorded leaf hash only), in seq order. */
  async recordedLeaves(fromSeq: number, limit: number): Promise<RecordedLeaf[]> {
    const rows: AuditEntryRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [fromSeq, limit],
    );
    return rows.map((row) => ({ entry: rowToEntry(row), leafHash: row.leaf_hash }));
  }

  /** Entries with `fromSeq <= seq < toSeq`, in seq order. */
  range(fromSeq: number, toSeq: number): Promise<AuditEntryRow[]> {
    return this.dataSource.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq`, [fromSeq, toSeq]);
  }

  /**
   * At most `limit` entries of the project with `seq > after`, in seq order, and how many entries
   * the project has — read in one snapshot, so the count matches the rows even while appends commit.
   */
  projectPage(projectId: string, after: number, limit: number): Promise<{ rows: AuditEntryRow[]; total: number }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [{ n }]: Array<{ n: number }> = await em.query('SELECT count(*)::int AS n FROM audit_entries WHERE project_id = $1::uuid', [projectId]);
      const rows: AuditEntryRow[] = await em.query(
        `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE project_id = $1::uuid AND seq > $2 ORDER BY seq LIMIT $3`,
        [projectId, after, limit],
      );
      return { rows, total: n };
    });
  }

  /** Entry `seq`; only when it belongs to `projectId` if one is given. */
  async find(seq: number, projectId?: string): Promise<AuditEntryRow | undefined> {
    const rows: AuditEntryRow[] =
      projectId === undefined
        ? await this.dataSource.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq = $1`, [seq])
        : await this.dataSource.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq = $1 AND project_id = $2::uuid`, [seq, projectId]);
    return rows[0];
  }

  /** Sets the project of governance's own v1 entries that have none (see ADOPTABLE_ACTIONS); returns how many. */
  async adoptUnscoped(manager: EntityManager, projectId: string): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `WITH adopted AS (
         UPDATE audit_entries SET project_id = $1::uuid
         WHERE project_id IS NULL AND entry_version = 1 AND source_message_id IS NULL AND action = ANY($2::text[])
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM adopted`,
      [projectId, [...ADOPTABLE_ACTIONS]],
    );
    return rows[0]?.n ?? 0;
  }
}
