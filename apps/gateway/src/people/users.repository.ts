import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type Page, decodeCursor, encodeCursor, pageOf } from '@fulcrum/contracts';
import { returningRows } from './returning-rows';

/** A row of `users` (the password hash stays in this layer and in the session service). */
export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  instanceAdmin: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

const COLUMNS = `id, email, display_name, password_hash, instance_admin, created_at, disabled_at, created_at::text AS created_key`;
const CURSOR_KIND = 'users';

interface RawUser {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  instance_admin: boolean;
  created_at: Date;
  disabled_at: Date | null;
  /** created_at in full precision (microseconds), for cursors. */
  created_key: string;
}

export function toUserRow(raw: RawUser): UserRow {
  return {
    id: raw.id,
    email: raw.email,
    displayName: raw.display_name,
    passwordHash: raw.password_hash,
    instanceAdmin: raw.instance_admin,
    createdAt: raw.created_at,
    disabledAt: raw.disabled_at,
  };
}

/** Users. Emails are unique case-insensitively (index on lower(email)); users are disabled, never deleted. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<UserRow | undefined> {
    const rows = (await em.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])) as RawUser[];
    return rows[0] && toUserRow(rows[0]);
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email])) as RawUser[];
    return rows[0] && toUserRow(rows[0]);
  }

  /** Inserts a user; undefined when the email is taken (case-insensitively). */
  async insert(user: { id?: string; email: string; displayName: string; passwordHash: string | null; instanceAdmin: boolean }): Promise<UserRow | undefined> {
    const rows = (await this.dataSource.query(
      `INSERT INTO users (id, email, display_name, password_hash, instance_admin)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5)
       ON CONFLICT (lower(email)) DO NOTHING
       RETURNING ${COLUMNS}`,
      [user.id ?? null, user.email, user.displayName, user.passwordHash, user.instanceAdmin],
    )) as RawUser[];
    return rows[0] && toUserRow(rows[0]);
  }

  /** Users in creation order, `first` after the cursor. */
  async page(first: number, after: string | undefined): Promise<Page<UserRow>> {
    const key = after === undefined ? undefined : decodeCursor(CURSOR_KIND, after, 2);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM users
       WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
       ORDER BY created_at, id LIMIT $3`,
      [key?.[0] ?? null, key?.[1] ?? null, first + 1],
    )) as RawUser[];
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM users`)) as Array<{ count: number }>;
    const keys = new Map(rows.map((raw) => [raw.id, encodeCursor(CURSOR_KIND, [raw.created_key, raw.id])]));
    return pageOf(rows.map(toUserRow), first, count, (row) => keys.get(row.id) as string);
  }

  async setDisabled(id: string, disabled: boolean, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(`UPDATE users SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) ELSE NULL END WHERE id = $1`, [id, disabled]);
  }

  async setInstanceAdmin(id: string, value: boolean, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(`UPDATE users SET instance_admin = $2 WHERE id = $1`, [id, value]);
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  /** Sets a password only where none is set yet (the bootstrap never overwrites one). */
  async setPasswordHashIfUnset(id: string, passwordHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash IS NULL`, [id, passwordHash]);
  }

  async setDisplayName(id: string, displayName: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [id, displayName]);
  }

  /** Changes the email unless another user has it; false when taken. */
  async setEmailIfFree(id: string, email: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE users SET email = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($2) AND id <> $1) RETURNING id`,
      [id, email],
    );
    return returningRows(result).length > 0;
  }

  /** Enabled instance admins other than `exceptId`, locking their rows (guards "the last admin" in a transaction). */
  async countOtherEnabledInstanceAdmins(exceptId: string, em: EntityManager): Promise<number> {
    const rows = (await em.query(`SELECT id FROM users WHERE instance_admin AND disabled_at IS NULL AND id <> $1 FOR UPDATE`, [exceptId])) as unknown[];
    return rows.length;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
