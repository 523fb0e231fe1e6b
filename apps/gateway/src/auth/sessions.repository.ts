import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../people/returning-rows';
import type { SessionTimes } from './session-expiry';

/** A session with its user, as the auth service needs it (one query per lookup). */
export interface SessionWithUser extends SessionTimes {
  idHash: string;
  csrfToken: string;
  user: { id: string; displayName: string; instanceAdmin: boolean; disabled: boolean };
}

/** Browser sessions: only the SHA-256 of the session id is stored, beside its anti-CSRF token and times. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(session: { idHash: string; userId: string; csrfToken: string } & SessionTimes): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, idle_expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        session.idHash,
        session.userId,
        session.csrfToken,
        new Date(session.createdAt),
        new Date(session.lastSeenAt),
        new Date(session.idleExpiresAt),
        new Date(session.absoluteExpiresAt),
      ],
    );
  }

  async findWithUser(idHash: string): Promise<SessionWithUser | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT s.id_hash, s.csrf_token, s.created_at, s.last_seen_at, s.idle_expires_at, s.absolute_expires_at,
              u.id AS user_id, u.display_name, u.instance_admin, u.disabled_at IS NOT NULL AS disabled
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
      [idHash],
    )) as Array<{
      id_hash: string;
      csrf_token: string;
      created_at: Date;
      last_seen_at: Date;
      idle_expires_at: Date;
      absolute_expires_at: Date;
      user_id: string;
      display_name: string;
      instance_admin: boolean;
      disabled: boolean;
    }>;
    const row = rows[0];
    if (!row) return undefined;
    return {
      idHash: row.id_hash,
      csrfToken: row.csrf_token,
      createdAt: row.created_at.getTime(),
      lastSeenAt: row.last_seen_at.getTime(),
      idleExpiresAt: row.idle_expires_at.getTime(),
      absoluteExpiresAt: row.absolute_expires_at.getTime(),
      user: { id: row.user_id, displayName: row.display_name, instanceAdmin: row.instance_admin, disabled: row.disabled },
    };
  }

  /** Records use (never moving the times backwards, whichever replica writes last). */
  async touch(idHash: string, times: Pick<SessionTimes, 'lastSeenAt' | 'idleExpiresAt'>): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $2), idle_expires_at = GREATEST(idle_expires_at, $3) WHERE id_hash = $1`,
      [idHash, new Date(times.lastSeenAt), new Date(times.idleExpiresAt)],
    );
  }

  async delete(idHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE id_hash = $1`, [idHash]);
  }

  /** Ends every session of a user, except one (the caller's own, after a password change). */
  async deleteForUser(userId: string, exceptIdHash: string | null = null, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(`DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> $2)`, [userId, exceptIdHash]);
  }

  /** Housekeeping: drops sessions past either limit. */
  async deleteExpired(now: Date): Promise<number> {
    const result: unknown = await this.dataSource.query(`DELETE FROM sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1 RETURNING id_hash`, [now]);
    return returningRows(result).length;
  }
}
