import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type Page, decodeCursor, encodeCursor, pageOf } from '@fulcrum/contracts';
import type { Memberships } from '../auth/principal.factory';
import { PROJECT_ROLES, type ProjectRole } from '../auth/project-role';
import { type UserRow, toUserRow } from './users.repository';

export interface ProjectMemberRow {
  user: UserRow;
  roles: ProjectRole[];
}

const CURSOR_KIND = 'project-members';

/**
 * Project memberships: one row per (project, user, role). Projects live in the ingest service, so
 * project_id has no foreign key; a membership of a project ingest does not know grants nothing
 * (every project-scoped operation asks ingest or a service that checks the project).
 */
@Injectable()
export class ProjectMembershipsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every project of a user with the roles held there. */
  async membershipsOf(userId: string): Promise<Memberships> {
    const rows = (await this.dataSource.query(`SELECT project_id, role FROM project_memberships WHERE user_id = $1`, [userId])) as Array<{
      project_id: string;
      role: ProjectRole;
    }>;
    const memberships = new Map<string, Set<ProjectRole>>();
    for (const row of rows) {
      const roles = memberships.get(row.project_id) ?? new Set<ProjectRole>();
      roles.add(row.role);
      memberships.set(row.project_id, roles);
    }
    return memberships;
  }

  async rolesOf(projectId: string, userId: string, em: EntityManager = this.dataSource.manager): Promise<ProjectRole[]> {
    const rows = (await em.query(`SELECT role FROM project_memberships WHERE project_id = $1 AND user_id = $2`, [projectId, userId])) as Array<{
      role: ProjectRole;
    }>;
    return sortRoles(rows.map((row) => row.role));
  }

  /** Of these users (uuids), those holding any role in the project. */
  async membersAmong(projectId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = (await this.dataSource.query(`SELECT DISTINCT user_id FROM project_memberships WHERE project_id = $1 AND user_id = ANY($2::uuid[])`, [
      projectId,
      userIds,
    ])) as Array<{ user_id: string }>;
    return new Set(rows.map((row) => row.user_id));
  }

  /** Replaces a user's roles in a project (none: no longer a member), in the caller's transaction. */
  async setRoles(projectId: string, userId: string, roles: readonly ProjectRole[], em: EntityManager): Promise<void> {
    await em.query(`DELETE FROM project_memberships WHERE project_id = $1 AND user_id = $2 AND NOT (role = ANY($3::text[]))`, [projectId, userId, roles]);
    if (roles.length > 0) {
      await em.query(
        `INSERT INTO project_memberships (project_id, user_id, role) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
        [projectId, userId, roles],
      );
    }
  }

  /** Adds roles to a user's membership (keeps the others). */
  async addRoles(projectId: string, userId: string, roles: readonly ProjectRole[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO project_memberships (project_id, user_id, role) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
      [projectId, userId, roles],
    );
  }

  /** Users other than `exceptUserId` holding ADMIN in the project, locking those rows. */
  async countOtherAdmins(projectId: string, exceptUserId: string, em: EntityManager): Promise<number> {
    const rows = (await em.query(
      `SELECT user_id FROM project_memberships WHERE project_id = $1 AND role = 'ADMIN' AND user_id <> $2 FOR UPDATE`,
      [projectId, exceptUserId],
    )) as unknown[];
    return rows.length;
  }

  /** The members of a project with their roles, by email (case-insensitive), then id. */
  async page(projectId: string, first: number, after: string | undefined): Promise<Page<ProjectMemberRow>> {
    const key = after === undefined ? undefined : decodeCursor(CURSOR_KIND, after, 2);
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.email, u.display_name, u.password_hash, u.instance_admin, u.created_at, u.disabled_at, u.created_at::text AS created_key,
              array_agg(m.role ORDER BY m.role) AS roles
       FROM project_memberships m JOIN users u ON u.id = m.user_id
       WHERE m.project_id = $1 AND ($2::text IS NULL OR (lower(u.email), u.id) > ($2::text, $3::uuid))
       GROUP BY u.id
       ORDER BY lower(u.email), u.id LIMIT $4`,
      [projectId, key?.[0] ?? null, key?.[1] ?? null, first + 1],
    )) as Array<Parameters<typeof toUserRow>[0] & { roles: ProjectRole[] }>;
    const [{ count }] = (await this.dataSource.query(`SELECT count(DISTINCT user_id)::int AS count FROM project_memberships WHERE project_id = $1`, [
      projectId,
    ])) as Array<{ count: number }>;
    const members = rows.map((raw) => ({ user: toUserRow(raw), roles: sortRoles(raw.roles) }));
    return pageOf(members, first, count, (member) => encodeCursor(CURSOR_KIND, [member.user.email.toLowerCase(), member.user.id]));
  }

  /** Of these projects, those with at least one member. */
  async projectsWithMembers(projectIds: readonly string[]): Promise<Set<string>> {
    if (projectIds.length === 0) return new Set();
    const rows = (await this.dataSource.query(`SELECT DISTINCT project_id FROM project_memberships WHERE project_id = ANY($1::uuid[])`, [
      projectIds,
    ])) as Array<{ project_id: string }>;
    return new Set(rows.map((row) => row.project_id));
  }

  /** Makes `userId` an ADMIN of each project that has no member at all (atomically per project). */
  async addAdminWhereNoMembers(projectIds: readonly string[], userId: string): Promise<number> {
    if (projectIds.length === 0) return 0;
    const rows = (await this.dataSource.query(
      `INSERT INTO project_memberships (project_id, user_id, role)
       SELECT p, $2, 'ADMIN' FROM unnest($1::uuid[]) AS p
       WHERE NOT EXISTS (SELECT 1 FROM project_memberships m WHERE m.project_id = p)
       ON CONFLICT DO NOTHING
       RETURNING project_id`,
      [projectIds, userId],
    )) as unknown[];
    return rows.length;
  }
}

/** Roles in the order of the ProjectRole enum (stable output). */
export function sortRoles(roles: readonly ProjectRole[]): ProjectRole[] {
  return PROJECT_ROLES.filter((role) => roles.includes(role));
}
