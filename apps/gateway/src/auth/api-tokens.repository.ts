import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Page, decodeCursor, encodeCursor, pageOf } from '@fulcrum/contracts';
import { returningRows } from '../people/returning-rows';
import type { ProjectRole } from './project-role';

/** A row of `api_tokens` (never the hash). */
export interface ApiTokenRow {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  projectId: string | null;
  roles: ProjectRole[] | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** An active token with its user, as the auth service needs it (one query per lookup). */
export interface ActiveTokenWithUser {
  token: ApiTokenRow;
  user: { id: string; displayName: string; instanceAdmin: boolean };
}

const COLUMNS = `t.id, t.user_id, t.name, t.prefix, t.project_id, t.roles, t.created_at, t.last_used_at, t.expires_at, t.revoked_at, t.created_at::text AS created_key`;
const CURSOR_KIND = 'api-tokens';

interface RawToken {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  project_id: string | null;
  roles: ProjectRole[] | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  created_key: string;
}

function toRow(raw: RawToken): ApiTokenRow {
  return {
    id: raw.id,
    userId: raw.user_id,
    name: raw.name,
    prefix: raw.prefix,
    projectId: raw.project_id,
    roles: raw.roles,
    createdAt: raw.created_at,
    lastUsedAt: raw.last_used_at,
    expiresAt: raw.expires_at,
    revokedAt: raw.revoked_at,
  };
}

/** API tokens: stored as SHA-256 hashes beside a visible prefix; the plain token is shown once. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The token with this hash if it may be used now: not revoked, not expired, its user not disabled. */
  async findActiveByHash(tokenHash: string): Promise<ActiveTokenWithUser | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS}, u.display_name, u.instance_admin
       FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.disabled_at IS NULL`,
      [tokenHash],
    )) as Array<RawToken & { display_name: string; instance_admin: boolean }>;
    const raw = rows[0];
    if (!raw) return undefined;
    return { token: toRow(raw), user: { id: raw.user_id, displayName: raw.display_name, instanceAdmin: raw.instance_admin } };
  }

  async insert(token: {
    id: string;
    userId: string;
    name: string;
    prefix: string;
    tokenHash: string;
    projectId: string | null;
    roles: readonly ProjectRole[] | null;
    expiresAt: Date | null;
  }): Promise<ApiTokenRow> {
    const rows = (await this.dataSource.query(
      `INSERT INTO api_tokens AS t (id, user_id, name, prefix, token_hash, project_id, roles, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
       RETURNING ${COLUMNS}`,
      [token.id, token.userId, token.name, token.prefix, token.tokenHash, token.projectId, token.roles, token.expiresAt],
    )) as RawToken[];
    return toRow(rows[0] as RawToken);
  }

  /** Inserts an unnarrowed token unless one with this hash exists (the launcher's bootstrap token). */
  async insertIfAbsent(token: { id: string; userId: string; name: string; prefix: string; tokenHash: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_tokens (id, user_id, name, prefix, token_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_hash) DO NOTHING`,
      [token.id, token.userId, token.name, token.prefix, token.tokenHash],
    );
  }

  /** The owner of the token with this hash, revoked or not. */
  async ownerOfHash(tokenHash: string): Promise<string | undefined> {
    const rows = (await this.dataSource.query(`SELECT user_id FROM api_tokens WHERE token_hash = $1`, [tokenHash])) as Array<{ user_id: string }>;
    return rows[0]?.user_id;
  }

  async findById(id: string): Promise<ApiTokenRow | undefined> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM api_tokens t WHERE t.id = $1`, [id])) as RawToken[];
    return rows[0] && toRow(rows[0]);
  }

  /** A user's tokens (revoked and expired ones too), oldest first. */
  async page(userId: string, first: number, after: string | undefined): Promise<Page<ApiTokenRow>> {
    const key = after === undefined ? undefined : decodeCursor(CURSOR_KIND, after, 2);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_tokens t
       WHERE t.user_id = $1 AND ($2::timestamptz IS NULL OR (t.created_at, t.id) > ($2::timestamptz, $3::uuid))
       ORDER BY t.created_at, t.id LIMIT $4`,
      [userId, key?.[0] ?? null, key?.[1] ?? null, first + 1],
    )) as RawToken[];
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM api_tokens WHERE user_id = $1`, [userId])) as Array<{
      count: number;
    }>;
    const keys = new Map(rows.map((raw) => [raw.id, encodeCursor(CURSOR_KIND, [raw.created_key, raw.id])]));
    return pageOf(rows.map(toRow), first, count, (row) => keys.get(row.id) as string);
  }

  /** Revokes a token (keeping the first revocation time); the row as it is afterwards. */
  async revoke(id: string): Promise<ApiTokenRow | undefined> {
    const result: unknown = await this.dataSource.query(
      `UPDATE api_tokens AS t SET revoked_at = COALESCE(t.revoked_at, now()) WHERE t.id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    const raw = returningRows<RawToken>(result)[0];
    return raw && toRow(raw);
  }

  /** Best effort "last used": callers write at most once a minute per token. */
  async touchLastUsed(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [id]);
  }
}
