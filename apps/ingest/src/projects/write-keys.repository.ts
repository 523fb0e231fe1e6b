import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { IssuedWriteKey } from './write-key.secret';
import { WriteKeyEntity } from './write-key.entity';

/** A key as the collector needs it: which key (rate limit, last use) of which project. */
export interface ActiveWriteKey {
  writeKeyId: string;
  projectId: string;
}

/** The position of a key in a project's list: creation time to the microsecond (UTC, `…Z`), then id. */
export interface WriteKeyListPosition {
  createdAt: string;
  id: string;
}

/** A key as listed: everything but its hash. */
export type WriteKeyRecord = Omit<WriteKeyEntity, 'keyHash'>;

export interface WriteKeyListRow {
  writeKey: WriteKeyRecord;
  position: WriteKeyListPosition;
}

@Injectable()
export class WriteKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a key (inside `em`'s transaction when given, e.g. with its new project). */
  async insert(row: { id: string; projectId: string; name: string; issued: IssuedWriteKey }, em: EntityManager = this.dataSource.manager): Promise<WriteKeyEntity> {
    const repository = em.getRepository(WriteKeyEntity);
    return repository.save(
      repository.create({
        id: row.id,
        projectId: row.projectId,
        name: row.name,
        keyPrefix: row.issued.prefix,
        keyHash: row.issued.hash,
        revokedAt: null,
        lastUsedAt: null,
      }),
    );
  }

  /** The active (not revoked) key with this hash: one lookup on the unique hash index. */
  async findActiveByHash(keyHash: string): Promise<ActiveWriteKey | null> {
    const rows = (await this.dataSource.query(`SELECT id, project_id FROM write_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash])) as Array<{
      id: string;
      project_id: string;
    }>;
    const row = rows[0];
    return row ? { writeKeyId: row.id, projectId: row.project_id } : null;
  }

  findInProject(projectId: string, id: string): Promise<WriteKeyEntity | null> {
    return this.dataSource.getRepository(WriteKeyEntity).findOneBy({ projectId, id });
  }

  /** Sets the revocation time unless the key is revoked already (the first revocation stands). */
  async revoke(projectId: string, id: string): Promise<void> {
    await this.dataSource.query(`UPDATE write_keys SET revoked_at = now() WHERE project_id = $1 AND id = $2 AND revoked_at IS NULL`, [projectId, id]);
  }

  /** Moves the last-use time forward (never back: replicas write independently). */
  async touchLastUsed(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE write_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`, [id, at]);
  }

  /**
   * Up to `limit` keys of a project after `after`, ordered by (created_at, id). The position is read
   * from the database to the microsecond, so a cursor never skips nor repeats a key created within
   * the same millisecond as another.
   */
  async page(projectId: string, limit: number, after: WriteKeyListPosition | undefined): Promise<WriteKeyListRow[]> {
    const params: unknown[] = [projectId, limit];
    let where = 'project_id = $1';
    if (after) {
      params.push(after.createdAt, after.id);
      where += ' AND (created_at, id) > ($3::timestamptz, $4::uuid)';
    }
    const rows = (await this.dataSource.query(
      `SELECT id, project_id, name, key_prefix, created_at, revoked_at, last_used_at,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
         FROM write_keys WHERE ${where}
        ORDER BY created_at, id LIMIT $2`,
      params,
    )) as Array<{
      id: string;
      project_id: string;
      name: string;
      key_prefix: string;
      created_at: Date;
      revoked_at: Date | null;
      last_used_at: Date | null;
      position: string;
    }>;
    return rows.map((r) => ({
      writeKey: {
        id: r.id,
        projectId: r.project_id,
        name: r.name,
        keyPrefix: r.key_prefix,
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
        lastUsedAt: r.last_used_at,
      },
      position: { createdAt: r.position, id: r.id },
    }));
  }

  countInProject(projectId: string): Promise<number> {
    return this.dataSource.getRepository(WriteKeyEntity).countBy({ projectId });
  }
}
