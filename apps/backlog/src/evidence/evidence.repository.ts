import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnalysisItemDto, BacklogItemState, EvidenceDto, EvidenceSourceDto, EvidenceStance } from '@fulcrum/contracts';
import type { VerifiedSource } from './evidence-source.verifier';

const COLUMNS = `id, project_id, item_id, stance, narrative, source, attached_at, attached_by, attached_by_name,
  withdrawn_at, withdrawn_by, withdrawn_by_name, withdrawal_reason`;

interface EvidenceRow {
  id: string;
  project_id: string;
  item_id: string;
  stance: EvidenceStance;
  narrative: string;
  source: EvidenceSourceDto;
  attached_at: Date;
  attached_by: string;
  attached_by_name: string | null;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_by_name: string | null;
  withdrawal_reason: string | null;
}

export interface NewEvidence {
  id: string;
  projectId: string;
  itemId: string;
  stance: EvidenceStance;
  narrative: string;
  verified: VerifiedSource;
  attachedAt: Date;
  attachedBy: string;
  attachedByName: string | null;
}

/** `backlog_evidence`, always scoped to a project; writes run in the caller's transaction. */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, e: NewEvidence): Promise<EvidenceDto> {
    const rows: EvidenceRow[] = await manager.query(
      `INSERT INTO backlog_evidence (id, project_id, item_id, kind, stance, narrative, analysis_id, model_version_id, audit_id, url, source,
                                     attached_at, attached_by, attached_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)
       RETURNING ${COLUMNS}`,
      [
        e.id,
        e.projectId,
        e.itemId,
        e.verified.source.kind,
        e.stance,
        e.narrative,
        e.verified.analysisId,
        e.verified.modelVersionId,
        e.verified.auditId,
        e.verified.url,
        JSON.stringify(e.verified.source),
        e.attachedAt,
        e.attachedBy,
        e.attachedByName,
      ],
    );
    return toEvidenceDto(firstRow(rows));
  }

  /** One piece of evidence of the project, row-locked when read in a transaction that will withdraw it. */
  async byId(projectId: string, evidenceId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<EvidenceDto | null> {
    const rows: EvidenceRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM backlog_evidence WHERE id = $1 AND project_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [evidenceId, projectId],
    );
    return rows[0] ? toEvidenceDto(rows[0]) : null;
  }

  async withdraw(manager: EntityManager, evidenceId: string, at: Date, by: string, byName: string | null, reason: string): Promise<EvidenceDto> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
    const rows: EvidenceRow[] = await manager.query(
      `WITH w AS (
         UPDATE backlog_evidence SET withdrawn_at = $2, withdrawn_by = $3, withdrawn_by_name = $4, withdrawal_reason = $5
          WHERE id = $1 AND withdrawn_at IS NULL
         RETURNING *
       )
       SELECT ${COLUMNS} FROM w`,
      [evidenceId, at, by, byName, reason],
    );
    return toEvidenceDto(firstRow(rows));
  }

  /** At most `limit` of an item's evidence after the cursor, oldest first (attached, then id), and the item's total. */
  async page(projectId: string, itemId: string, after: { at: string; id: string } | null, limit: number): Promise<{ rows: EvidenceDto[]; total: number }> {
    // One snapshot: the count agrees with the rows even while evidence is attached.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ n }]: Array<{ n: number }> = await manager.query(`SELECT count(*)::int AS n FROM backlog_evidence WHERE project_id = $1 AND item_id = $2`, [
        projectId,
        itemId,
      ]);
      const rows: EvidenceRow[] = await manager.query(
        `SELECT ${COLUMNS} FROM backlog_evidence
          WHERE project_id = $1 AND item_id = $2 AND ($3::timestamptz IS NULL OR (attached_at, id) > ($3::timestamptz, $4::uuid))
          ORDER BY attached_at, id LIMIT $5`,
        [projectId, itemId, after?.at ?? null, after?.id ?? null, limit],
      );
      return { rows: rows.map(toEvidenceDto), total: n };
    });
  }

  /** The items of the project an analysis is attached to, by item number, with that analysis's evidence on each. */
  async itemsForAnalysis(projectId: string, analysisId: string): Promise<AnalysisItemDto[]> {
    const rows: Array<{
      item_id: string;
      project_key: string;
      number: number;
      title: string;
      state: BacklogItemState;
      evidence_id: string;
      stance: EvidenceStance;
      withdrawn: boolean;
    }> = await this.dataSource.query(
      `SELECT i.id AS item_id, p.key AS project_key, i.number, i.title, i.state,
              e.id AS evidence_id, e.stance, e.withdrawn_at IS NOT NULL AS withdrawn
         FROM backlog_evidence e
         JOIN backlog_items i ON i.id = e.item_id
         JOIN backlog_projects p ON p.project_id = i.project_id
        WHERE e.project_id = $1 AND e.analysis_id = $2
        ORDER BY i.number, e.attached_at, e.id`,
      [projectId, analysisId],
    );
    const items = new Map<string, AnalysisItemDto>();
    for (const r of rows) {
      let item = items.get(r.item_id);
      if (!item) {
        item = { id: r.item_id, key: `${r.project_key}-${r.number}`, title: r.title, state: r.state, evidence: [] };
        items.set(r.item_id, item);
      }
      item.evidence.push({ evidenceId: r.evidence_id, stance: r.stance, withdrawn: r.withdrawn });
    }
    return [...items.values()];
  }

  /** Whether the item exists in the project (lists of an unknown item are ITEM_NOT_FOUND, not empty). */
  async itemExists(projectId: string, itemId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM backlog_items WHERE id = $1 AND project_id = $2`, [itemId, projectId]);
    return rows.length > 0;
  }
}

function firstRow(rows: EvidenceRow[]): EvidenceRow {
  const row = rows[0];
  if (!row) throw new Error('evidence write returned no row');
  return row;
}

function toEvidenceDto(r: EvidenceRow): EvidenceDto {
  return {
    id: r.id,
    projectId: r.project_id,
    itemId: r.item_id,
    stance: r.stance,
    narrative: r.narrative,
    source: r.source,
    attachedAt: r.attached_at.toISOString(),
    attachedBy: r.attached_by,
    attachedByName: r.attached_by_name,
    withdrawal:
      r.withdrawn_at === null || r.withdrawn_by === null || r.withdrawal_reason === null
        ? null
        : { at: r.withdrawn_at.toISOString(), by: r.withdrawn_by, byName: r.withdrawn_by_name, reason: r.withdrawal_reason },
  };
}
