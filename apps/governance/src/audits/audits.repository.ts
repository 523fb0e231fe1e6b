import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditDto, AuditOutcome, FindingDto, FindingStatus } from '@fulcrum/contracts';
import { RULE_IDS } from './audit-rule.catalog';

const AUDIT_COLUMNS = `id::text AS id, model_version_id::text AS model_version_id, range_from, range_to, rules, outcome, ran_at, ran_by, audit_seq`;

/** The audits table and its findings. Reads run on the DataSource; `insert` on the caller's transaction. */
@Injectable()
export class AuditsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(em: EntityManager, projectId: string, audit: AuditDto): Promise<void> {
    await em.query(
      `INSERT INTO audits (id, project_id, model_version_id, range_from, range_to, rules, outcome, ran_at, ran_by, audit_seq)
       VALUES ($1::uuid, $10::uuid, $2::uuid, $3::timestamptz, $4::timestamptz, $5::text[], $6, $7::timestamptz, $8, $9::bigint)`,
      [audit.id, audit.modelVersionId, audit.from, audit.to, audit.rules, audit.outcome, audit.ranAt, audit.ranBy, audit.auditSeq, projectId],
    );
    const findings = audit.findings.map((f, position) => ({ position, rule_id: f.ruleId, title: f.title, citation: f.citation, status: f.status, summary: f.summary, evidence: f.evidence }));
    if (findings.length === 0) return;
    await em.query(
      `INSERT INTO audit_findings (audit_id, position, rule_id, title, citation, status, summary, evidence)
       SELECT $1::uuid, f.position, f.rule_id, f.title, f.citation, f.status, f.summary, f.evidence
       FROM jsonb_to_recordset($2::jsonb) AS f(position integer, rule_id text, title text, citation text, status text, summary text, evidence jsonb)`,
      [audit.id, JSON.stringify(findings)],
    );
  }

  /**
   * At most `limit` audits of the project (of one version when given) after the cursor, newest
   * first (ran_at, then id: a stable order), and how many there are in all.
   */
  async page(
    projectId: string,
    modelVersionId: string | null,
    before: { at: string; id: string } | null,
    limit: number,
  ): Promise<{ audits: AuditDto[]; total: number }> {
    const where = `project_id = $1::uuid AND ($2::uuid IS NULL OR model_version_id = $2::uuid)`;
    // One snapshot: the count agrees with the rows even while audits commit.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [{ n }]: Array<{ n: number }> = await em.query(`SELECT count(*)::int AS n FROM audits WHERE ${where}`, [projectId, modelVersionId]);
      const rows: AuditRow[] = await em.query(
        `SELECT ${AUDIT_COLUMNS} FROM audits
         WHERE ${where} AND ($3::timestamptz IS NULL OR (ran_at, id) < ($3::timestamptz, $4::uuid))
         ORDER BY ran_at DESC, id DESC LIMIT $5`,
        [projectId, modelVersionId, before?.at ?? null, before?.id ?? null, limit],
      );
      return { audits: await this.withFindings(rows, em), total: n };
    });
  }

  /** Assigns the audits from before projects to `projectId`; returns how many. */
  async adoptUnscoped(em: EntityManager, projectId: string): Promise<number> {
    const rows: Array<{ n: number }> = await em.query(
      `WITH adopted AS (UPDATE audits SET project_id = $1::uuid WHERE project_id IS NULL RETURNING 1) SELECT count(*)::int AS n FROM adopted`,
      [projectId],
    );
    return rows[0]?.n ?? 0;
  }

  /** The newest PASSED audit of the version that ran at or after `since` (the promotion gate). */
  /**
   * The newest PASSED audit since `since` that ran at least `requiredRules` (the promotion gate asks
   * for the whole catalog, so an audit of one harmless rule cannot open it).
   */
  async latestPassed(modelVersionId: string, since: Date, requiredRules: readonly string[] = []): Promise<AuditDto | null> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT ${AUDIT_COLUMNS} FROM audits
       WHERE model_version_id = $1::uuid AND outcome = 'PASSED' AND ran_at >= $2::timestamptz AND rules @> $3::text[]
       ORDER BY ran_at DESC, audit_seq DESC LIMIT 1`,
      [modelVersionId, since.toISOString(), [...requiredRules]],
    );
    return (await this.withFindings(rows))[0] ?? null;
  }

  /** Audits of the version whose [from, to) contains `at`, newest first. */
  async covering(modelVersionId: string, at: Date): Promise<AuditDto[]> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT ${AUDIT_COLUMNS} FROM audits
       WHERE model_version_id = $1::uuid AND range_from <= $2::timestamptz AND $2::timestamptz < range_to
       ORDER BY ran_at DESC, audit_seq DESC`,
      [modelVersionId, at.toISOString()],
    );
    return this.withFindings(rows);
  }

  /** When earlier audits of the version produced the NYC LL144 bias-audit tables (finding PASS or WARN), oldest first. */
  async biasAuditDates(modelVersionId: string, notAfter: Date): Promise<Date[]> {
    const rows: Array<{ ran_at: Date | string }> = await this.dataSource.query(
      `SELECT a.ran_at FROM audits a
       JOIN audit_findings f ON f.audit_id = a.id
       WHERE a.model_version_id = $1::uuid AND a.ran_at <= $2::timestamptz AND f.rule_id = $3 AND f.status IN ('PASS', 'WARN')
       ORDER BY a.ran_at`,
      [modelVersionId, notAfter.toISOString(), RULE_IDS.ll144BiasAudit],
    );
    return rows.map((r) => new Date(r.ran_at));
  }

  private async withFindings(rows: readonly AuditRow[], em: EntityManager = this.dataSource.manager): Promise<AuditDto[]> {
    if (rows.length === 0) return [];
    const findings: FindingRow[] = await em.query(
      `SELECT audit_id::text AS audit_id, rule_id, title, citation, status, summary, evidence
       FROM audit_findings WHERE audit_id = ANY($1::uuid[]) ORDER BY audit_id, position`,
      [rows.map((r) => r.id)],
    );
    const byAudit = new Map<string, FindingDto[]>();
    for (const f of findings) {
      const list = byAudit.get(f.audit_id) ?? [];
      list.push({ ruleId: f.rule_id, title: f.title, citation: f.citation, status: f.status, summary: f.summary, evidence: f.evidence });
      byAudit.set(f.audit_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      modelVersionId: r.model_version_id,
      from: new Date(r.range_from).toISOString(),
      to: new Date(r.range_to).toISOString(),
      rules: r.rules,
      outcome: r.outcome,
      findings: byAudit.get(r.id) ?? [],
      ranAt: new Date(r.ran_at).toISOString(),
      ranBy: r.ran_by,
      auditSeq: Number(r.audit_seq),
    }));
  }
}

interface AuditRow {
  id: string;
  model_version_id: string;
  range_from: Date | string;
  range_to: Date | string;
  rules: string[];
  outcome: AuditOutcome;
  ran_at: Date | string;
  ran_by: string;
  audit_seq: string | number;
}

interface FindingRow {
  audit_id: string;
  rule_id: string;
  title: string;
  citation: string;
  status: FindingStatus;
  summary: string;
  evidence: Record<string, unknown>;
}
