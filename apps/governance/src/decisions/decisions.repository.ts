import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DecisionAttributes } from '@fulcrum/contracts';

/**
 * Serialises decision recording (classify existing ids → trail entry → insert) so the ids a batch's
 * trail entry lists are exactly the rows it inserted, even with replicas recording concurrently.
 * Inserts into `rejected_decisions` hold it too, so their ids commit in order (the list's cursor).
 * Transaction-scoped: released at commit or rollback. Arbitrary constant, unique in this database.
 */
const RECORDING_LOCK_KEY = 7_236_001_002;

export interface StoredContent {
  contentHash: string;
  /** null once erased. */
  contentSalt: string | null;
}

export interface NewDecisionRow {
  decisionId: string;
  subjectRef: string;
  occurredAt: string;
  purpose: string;
  outcome: string;
  score: number | null;
  groundTruth: string | null;
  attributes: DecisionAttributes;
  contentHash: string;
  contentSalt: string;
}

export interface RejectedDecisionRecord {
  streamSeq: number;
  /** -1 = the whole message. */
  rowIndex: number;
  /** The project the message named; null when it could not be read. */
  projectId: string | null;
  modelVersionId: string | null;
  actor: string | null;
  decisionId: string | null;
  subjectRef: string | null;
  code: string;
  reason: string;
  payload: string | null;
}

export interface ErasedDecision {
  decisionId: string;
  modelVersionId: string | null;
  auditSeq: number;
}

/**
 * Writes of the decision log. Every method runs on the caller's transaction (never the DataSource:
 * PGlite has one connection). UPDATEs are wrapped in a CTE so TypeORM returns plain rows.
 */
@Injectable()
export class DecisionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async lockRecording(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1::bigint)', [RECORDING_LOCK_KEY]);
  }

  /**
   * The stored content of these ids in the project. Decisions from before projects (not adopted
   * yet) count too: they will join the installation's first project and must not collide there.
   */
  async findStored(em: EntityManager, projectId: string, decisionIds: readonly string[]): Promise<Map<string, StoredContent>> {
    if (decisionIds.length === 0) return new Map();
    const rows: Array<{ decision_id: string; content_hash: string; content_salt: string | null }> = await em.query(
      'SELECT decision_id, content_hash, content_salt FROM decisions WHERE decision_id = ANY($1::text[]) AND (project_id = $2::uuid OR project_id IS NULL)',
      [decisionIds, projectId],
    );
    return new Map(rows.map((r) => [r.decision_id, { contentHash: r.content_hash, contentSalt: r.content_salt }]));
  }

  /** One multi-row INSERT (rows passed as one jsonb array); returns how many rows were inserted. */
  async insertDecisions(
    em: EntityManager,
    meta: { projectId: string; modelVersionId: string; recordedBy: string; auditSeq: number },
    rows: readonly NewDecisionRow[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const records = rows.map((r) => ({
      decision_id: r.decisionId,
      subject_ref: r.subjectRef,
      occurred_at: r.occurredAt,
      purpose: r.purpose,
      outcome: r.outcome,
      score: r.score,
      ground_truth: r.groundTruth,
      attributes: r.attributes,
      content_hash: r.contentHash,
      content_salt: r.contentSalt,
    }));
    const [{ n }]: Array<{ n: number }> = await em.query(
      `WITH inserted AS (
         INSERT INTO decisions (project_id, decision_id, model_version_id, subject_ref, occurred_at, purpose, outcome, score, ground_truth, attributes,
                                content_hash, content_salt, recorded_by, audit_seq)
         SELECT $5::uuid, r.decision_id, $1::uuid, r.subject_ref, r.occurred_at, r.purpose, r.outcome, r.score, r.ground_truth, r.attributes,
                r.content_hash, r.content_salt, $2::text, $3::bigint
         FROM jsonb_to_recordset($4::jsonb) AS r(decision_id text, subject_ref text, occurred_at timestamptz, purpose text, outcome text,
                                                 score double precision, ground_truth text, attributes jsonb, content_hash text, content_salt text)
         ON CONFLICT (project_id, decision_id) DO NOTHING
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM inserted`,
      [meta.modelVersionId, meta.recordedBy, meta.auditSeq, JSON.stringify(records), meta.projectId],
    );
    return n;
  }

  async insertRejected(em: EntityManager, rows: readonly RejectedDecisionRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const records = rows.map((r) => ({
      stream_seq: r.streamSeq,
      row_index: r.rowIndex,
      project_id: r.projectId,
      model_version_id: r.modelVersionId,
      actor: r.actor,
      decision_id: r.decisionId,
      subject_ref: r.subjectRef,
      code: r.code,
      reason: r.reason,
      payload: r.payload,
    }));
    await em.query(
      `INSERT INTO rejected_decisions (stream_seq, row_index, project_id, model_version_id, actor, decision_id, subject_ref, code, reason, payload)
       SELECT r.stream_seq, r.row_index, r.project_id, r.model_version_id, r.actor, r.decision_id, r.subject_ref, r.code, r.reason, r.payload
       FROM jsonb_to_recordset($1::jsonb) AS r(stream_seq bigint, row_index integer, project_id uuid, model_version_id text, actor text,
                                               decision_id text, subject_ref text, code text, reason text, payload text)
       ON CONFLICT (stream_seq, row_index) DO NOTHING`,
      [JSON.stringify(records)],
    );
  }

  /** Sets ground_truth in one UPDATE; returns the ids that exist for this model version of the project. */
  async setGroundTruth(
    em: EntityManager,
    projectId: string,
    modelVersionId: string,
    rows: ReadonlyArray<{ decisionId: string; groundTruth: string }>,
  ): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const records = rows.map((r) => ({ decision_id: r.decisionId, ground_truth: r.groundTruth }));
    const updated: Array<{ decision_id: string }> = await em.query(
      `WITH updated AS (
         UPDATE decisions AS d SET ground_truth = u.ground_truth
         FROM jsonb_to_recordset($2::jsonb) AS u(decision_id text, ground_truth text)
         WHERE d.decision_id = u.decision_id AND d.model_version_id = $1::uuid AND d.project_id = $3::uuid
         RETURNING d.decision_id
       )
       SELECT decision_id FROM updated`,
      [modelVersionId, JSON.stringify(records), projectId],
    );
    return new Set(updated.map((r) => r.decision_id));
  }

  /**
   * GDPR erasure of one subject of a project: subject_ref and attributes (the personal data) and
   * the content salt go; the decision itself (id, time, purpose, outcome, score) stays as an
   * anonymous record. Rejected JetStream rows of the subject lose their payload too — those of the
   * project and those whose project is unknown (whole rejected messages are matched on the
   * subjectRef as a JSON string, best effort: they may not be valid JSON).
   */
  async eraseSubject(em: EntityManager, projectId: string, subjectRef: string): Promise<{ decisions: ErasedDecision[]; rejectedRows: number }> {
    const erased: Array<{ decision_id: string; model_version_id: string | null; audit_seq: string }> = await em.query(
      `WITH erased AS (
         UPDATE decisions SET subject_ref = NULL, attributes = '{}'::jsonb, content_salt = NULL, erased_at = now()
         WHERE subject_ref = $1 AND project_id = $2::uuid
         RETURNING decision_id, model_version_id, audit_seq
       )
       SELECT decision_id, model_version_id::text AS model_version_id, audit_seq FROM erased`,
      [subjectRef, projectId],
    );
    const rejected: Array<{ id: string }> = await em.query(
      `WITH erased AS (
         UPDATE rejected_decisions SET subject_ref = NULL, payload = NULL, erased_at = now()
         WHERE (project_id = $3::uuid OR project_id IS NULL)
           AND (subject_ref = $1 OR (subject_ref IS NULL AND payload IS NOT NULL AND strpos(payload, $2) > 0))
         RETURNING id
       )
       SELECT id FROM erased`,
      [subjectRef, JSON.stringify(subjectRef), projectId],
    );
    return {
      decisions: erased.map((r) => ({ decisionId: r.decision_id, modelVersionId: r.model_version_id, auditSeq: Number(r.audit_seq) })),
      rejectedRows: rejected.length,
    };
  }

  /** Assigns the decisions from before projects to `projectId`; returns how many. */
  async adoptUnscoped(em: EntityManager, projectId: string): Promise<number> {
    const rows: Array<{ n: number }> = await em.query(
      `WITH adopted AS (UPDATE decisions SET project_id = $1::uuid WHERE project_id IS NULL RETURNING 1) SELECT count(*)::int AS n FROM adopted`,
      [projectId],
    );
    return rows[0]?.n ?? 0;
  }
}
