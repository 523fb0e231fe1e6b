import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrackingPlanChangeDto, TrackingPlanDocumentDto, TrackingPlanMode } from '@fulcrum/contracts';

/** Who changed something, as the request envelope names them. */
export interface PlanActor {
  actorId: string;
  actorName: string | null;
}

export interface PlanSettingsRow {
  projectId: string;
  mode: TrackingPlanMode;
  currentVersion: number | null;
  updatedAt: Date;
  updatedBy: string | null;
  updatedByName: string | null;
}

export interface PlanVersionSummaryRow {
  projectId: string;
  version: number;
  changes: TrackingPlanChangeDto[];
  note: string | null;
  publishedAt: Date;
  publishedBy: string;
  publishedByName: string | null;
}

export interface PlanVersionRow extends PlanVersionSummaryRow {
  document: TrackingPlanDocumentDto;
}

/** What the hot path reads: `document` only when the current version is not the one the caller has already. */
export interface CurrentPlanRow {
  mode: TrackingPlanMode;
  currentVersion: number | null;
  piiSecret: Buffer;
  document: TrackingPlanDocumentDto | null;
}

/** An audit action waiting in the outbox, with the envelope of the request that caused it. */
export interface PlanAuditRow {
  id: string;
  projectId: string;
  action: string;
  subject: string;
  payload: Record<string, unknown>;
  actor: string;
  actorName: string | null;
  requestId: string;
  traceparent: string;
  occurredAt: Date;
}

interface SettingsRecord {
  project_id: string;
  mode: TrackingPlanMode;
  current_version: number | null;
  updated_at: Date;
  updated_by: string | null;
  updated_by_name: string | null;
}

interface VersionRecord {
  project_id: string;
  version: number;
  document?: TrackingPlanDocumentDto;
  changes: TrackingPlanChangeDto[];
  note: string | null;
  published_at: Date;
  published_by: string;
  published_by_name: string | null;
}

const SETTINGS_COLUMNS = 'project_id, mode, current_version, updated_at, updated_by, updated_by_name';
const SUMMARY_COLUMNS = 'project_id, version, changes, note, published_at, published_by, published_by_name';

/** The plan's tables (migration 1766100000000). Versions are inserted, never updated nor deleted. */
@Injectable()
export class TrackingPlanRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async projectExists(projectId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = (await em.query(`SELECT 1 FROM projects WHERE id = $1`, [projectId])) as unknown[];
    return rows.length > 0;
  }

  /**
   * The project's settings row, locked until the transaction ends (publishes and mode changes of a
   * project run one after the other, on every replica). The row is created on first use, with the
   * project's PII secret (`newSecret`, kept only then). Null when the project does not exist: the
   * insert is conditional, so no statement fails (embedded PGlite drops a connection whose
   * transaction saw an error).
   */
  async lockSettings(em: EntityManager, projectId: string, newSecret: Buffer): Promise<PlanSettingsRow | null> {
    await em.query(
      `INSERT INTO tracking_plan_settings (project_id, pii_secret)
       SELECT id, $2 FROM projects WHERE id = $1
       ON CONFLICT (project_id) DO NOTHING`,
      [projectId, newSecret],
    );
    const rows = (await em.query(`SELECT ${SETTINGS_COLUMNS} FROM tracking_plan_settings WHERE project_id = $1 FOR UPDATE`, [projectId])) as SettingsRecord[];
    return rows[0] ? settingsOf(rows[0]) : null;
  }

  async settings(projectId: string, em: EntityManager = this.dataSource.manager): Promise<PlanSettingsRow | null> {
    const rows = (await em.query(`SELECT ${SETTINGS_COLUMNS} FROM tracking_plan_settings WHERE project_id = $1`, [projectId])) as SettingsRecord[];
    return rows[0] ? settingsOf(rows[0]) : null;
  }

  async version(projectId: string, version: number, em: EntityManager = this.dataSource.manager): Promise<PlanVersionRow | null> {
    const rows = (await em.query(`SELECT ${SUMMARY_COLUMNS}, document FROM tracking_plan_versions WHERE project_id = $1 AND version = $2`, [
      projectId,
      version,
    ])) as VersionRecord[];
    return rows[0] ? (versionOf(rows[0]) as PlanVersionRow) : null;
  }

  /** Inserts the next version and makes it current (in the transaction holding the settings lock); answers its publication time. */
  async publish(em: EntityManager, row: Omit<PlanVersionRow, 'publishedAt'>): Promise<Date> {
    const [inserted] = (await em.query(
      `INSERT INTO tracking_plan_versions (project_id, version, document, changes, note, published_by, published_by_name)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7) RETURNING published_at`,
      [row.projectId, row.version, JSON.stringify(row.document), JSON.stringify(row.changes), row.note, row.publishedBy, row.publishedByName],
    )) as Array<{ published_at: Date }>;
    await em.query(`UPDATE tracking_plan_settings SET current_version = $2, updated_at = now(), updated_by = $3, updated_by_name = $4 WHERE project_id = $1`, [
      row.projectId,
      row.version,
      row.publishedBy,
      row.publishedByName,
    ]);
    return (inserted as { published_at: Date }).published_at;
  }

  async setMode(em: EntityManager, projectId: string, mode: TrackingPlanMode, actor: PlanActor): Promise<void> {
    await em.query(`UPDATE tracking_plan_settings SET mode = $2, updated_at = now(), updated_by = $3, updated_by_name = $4 WHERE project_id = $1`, [
      projectId,
      mode,
      actor.actorId,
      actor.actorName,
    ]);
  }

  /** Up to `limit` versions of a project below `beforeVersion` (all when undefined), newest first, without documents. */
  async page(projectId: string, limit: number, beforeVersion: number | undefined): Promise<PlanVersionSummaryRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM tracking_plan_versions
        WHERE project_id = $1 AND ($2::int IS NULL OR version < $2::int)
        ORDER BY version DESC LIMIT $3`,
      [projectId, beforeVersion ?? null, limit],
    )) as VersionRecord[];
    return rows.map(versionOf);
  }

  async count(projectId: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM tracking_plan_versions WHERE project_id = $1`, [projectId])) as Array<{
      count: number;
    }>;
    return row?.count ?? 0;
  }

  /**
   * One query for the hot path: mode, current version and PII secret, and the current document
   * only when its version is not `knownVersion` (the caller's parsed copy is reused otherwise;
   * the CASE keeps PostgreSQL from even reading the document).
   */
  async current(projectId: string, knownVersion: number | null): Promise<CurrentPlanRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT s.mode, s.current_version, s.pii_secret,
              CASE WHEN s.current_version IS DISTINCT FROM $2::int THEN v.document END AS document
         FROM tracking_plan_settings s
         LEFT JOIN tracking_plan_versions v ON v.project_id = s.project_id AND v.version = s.current_version
        WHERE s.project_id = $1`,
      [projectId, knownVersion],
    )) as Array<{ mode: TrackingPlanMode; current_version: number | null; pii_secret: Buffer; document: TrackingPlanDocumentDto | null }>;
    const row = rows[0];
    return row ? { mode: row.mode, currentVersion: row.current_version, piiSecret: row.pii_secret, document: row.document } : null;
  }

  async insertAudit(em: EntityManager, row: Omit<PlanAuditRow, 'occurredAt'>): Promise<void> {
    await em.query(
      `INSERT INTO tracking_plan_audit_outbox (id, project_id, action, subject, payload, actor, actor_name, request_id, traceparent)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
      [row.id, row.projectId, row.action, row.subject, JSON.stringify(row.payload), row.actor, row.actorName, row.requestId, row.traceparent],
    );
  }

  /** Audit actions not yet on the AUDIT stream, in commit order. */
  async unpublishedAudit(limit: number): Promise<PlanAuditRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, project_id, action, subject, payload, actor, actor_name, request_id, traceparent, occurred_at
         FROM tracking_plan_audit_outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [limit],
    )) as Array<{
      id: string;
      project_id: string;
      action: string;
      subject: string;
      payload: Record<string, unknown>;
      actor: string;
      actor_name: string | null;
      request_id: string;
      traceparent: string;
      occurred_at: Date;
    }>;
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      action: r.action,
      subject: r.subject,
      payload: r.payload,
      actor: r.actor,
      actorName: r.actor_name,
      requestId: r.request_id,
      traceparent: r.traceparent,
      occurredAt: r.occurred_at,
    }));
  }

  async markAuditPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE tracking_plan_audit_outbox SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [[...ids]]);
  }
}

function settingsOf(r: SettingsRecord): PlanSettingsRow {
  return {
    projectId: r.project_id,
    mode: r.mode,
    currentVersion: r.current_version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    updatedByName: r.updated_by_name,
  };
}

function versionOf(r: VersionRecord): PlanVersionSummaryRow | PlanVersionRow {
  const summary: PlanVersionSummaryRow = {
    projectId: r.project_id,
    version: r.version,
    changes: r.changes,
    note: r.note,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    publishedByName: r.published_by_name,
  };
  return r.document === undefined ? summary : { ...summary, document: r.document };
}
