import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { DecisionAttributes } from '@fulcrum/contracts';
import type { SqlRowsRunner } from '@fulcrum/fairness';

/** One stored decision as the provenance view needs it. */
export interface StoredDecision {
  decisionId: string;
  modelVersionId: string | null;
  subjectRef: string | null;
  occurredAt: string | null;
  purpose: string | null;
  outcome: string;
  score: number | null;
  groundTruth: string | null;
  attributes: DecisionAttributes;
  erasedAt: string | null;
  auditSeq: number;
}

/** `[from, to)` on occurred_at for one model version. */
export interface DecisionRange {
  modelVersionId: string;
  from: Date;
  to: Date;
}

const SAMPLE_IDS = 5;

/**
 * Read side of the decision log for the fairness report, the audit rules and provenance. Every
 * figure is aggregated in SQL (parameterised); only counts and a few sample ids come back. Runs on
 * the DataSource, so never call it inside a transaction. Ranges name a model version, which the
 * caller has found in its project first (all decisions of a version are in the version's project).
 */
@Injectable()
export class DecisionLogReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** For `@fulcrum/fairness` (`fetchGroupCounts`, `fetchFairnessReport`). */
  readonly run: SqlRowsRunner = (text, values) => this.dataSource.query(text, values);

  /** The project's decision with this id (another project's is not found, as an unknown id). */
  async findDecision(projectId: string, decisionId: string): Promise<StoredDecision | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT decision_id, model_version_id::text AS model_version_id, subject_ref, occurred_at, purpose, outcome, score, ground_truth,
              attributes, erased_at, audit_seq
       FROM decisions WHERE project_id = $1::uuid AND decision_id = $2`,
      [projectId, decisionId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      decisionId: r['decision_id'] as string,
      modelVersionId: (r['model_version_id'] as string | null) ?? null,
      subjectRef: (r['subject_ref'] as string | null) ?? null,
      occurredAt: iso(r['occurred_at']),
      purpose: (r['purpose'] as string | null) ?? null,
      outcome: r['outcome'] as string,
      score: r['score'] === null || r['score'] === undefined ? null : Number(r['score']),
      groundTruth: (r['ground_truth'] as string | null) ?? null,
      attributes: (r['attributes'] as DecisionAttributes) ?? {},
      erasedAt: iso(r['erased_at']),
      auditSeq: Number(r['audit_seq']),
    };
  }

  /** Decisions in the range, and the first and last occurredAt. */
  async overview(range: DecisionRange): Promise<{ total: number; earliest: string | null; latest: string | null }> {
    const [r] = await this.query(`SELECT count(*)::int AS total, min(occurred_at) AS earliest, max(occurred_at) AS latest FROM decisions ${WHERE_RANGE}`, range);
    return { total: r['total'] as number, earliest: iso(r['earliest']), latest: iso(r['latest']) };
  }

  /** The most frequent outcome labels in the range (most frequent first). */
  async outcomeCounts(range: DecisionRange, limit = 20): Promise<Array<{ outcome: string; n: number }>> {
    const rows = await this.query(
      `SELECT outcome, count(*)::int AS n FROM decisions ${WHERE_RANGE} GROUP BY outcome ORDER BY n DESC, outcome LIMIT $4`,
      range,
      [limit],
    );
    return rows.map((r) => ({ outcome: r['outcome'] as string, n: r['n'] as number }));
  }

  /** For each attribute name: how many decisions in the range carry a non-null value for it. */
  async attributePresence(range: DecisionRange, names: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.query(
      `SELECT k.name, count(d.decision_id)::int AS n
       FROM unnest($4::text[]) AS k(name)
       LEFT JOIN decisions d ON d.model_version_id = $1::uuid AND d.occurred_at >= $2::timestamptz AND d.occurred_at < $3::timestamptz
                            AND d.attributes ->> k.name IS NOT NULL
       GROUP BY k.name`,
      range,
      [names],
    );
    return new Map(rows.map((r) => [r['name'] as string, r['n'] as number]));
  }

  /** Decisions in the range whose purpose is not one of `declared` (GDPR Art. 5(1)(b)), per purpose with sample ids. */
  async undeclaredPurposes(
    range: DecisionRange,
    declared: readonly string[],
  ): Promise<{ total: number; undeclared: number; byPurpose: Array<{ purpose: string | null; n: number; sampleDecisionIds: string[] }> }> {
    const rows = await this.query(
      `SELECT purpose, count(*)::int AS n, (array_agg(decision_id ORDER BY occurred_at, decision_id))[1:${SAMPLE_IDS}] AS sample
       FROM decisions ${WHERE_RANGE} AND (purpose IS NULL OR NOT (purpose = ANY($4::text[])))
       GROUP BY purpose ORDER BY n DESC, purpose`,
      range,
      [declared],
    );
    const { total } = await this.overview(range);
    const byPurpose = rows.map((r) => ({ purpose: (r['purpose'] as string | null) ?? null, n: r['n'] as number, sampleDecisionIds: r['sample'] as string[] }));
    return { total, undeclared: byPurpose.reduce((s, p) => s + p.n, 0), byPurpose };
  }

  /** Decisions in the range that occurred before `cutoff` and still hold personal data (not erased): GDPR Art. 5(1)(e). */
  async retainedBefore(
    range: DecisionRange,
    cutoff: Date,
  ): Promise<{ total: number; overdue: number; oldestOverdue: string | null; sampleDecisionIds: string[] }> {
    const [r] = await this.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE occurred_at < $4::timestamptz AND erased_at IS NULL)::int AS overdue,
              min(occurred_at) FILTER (WHERE occurred_at < $4::timestamptz AND erased_at IS NULL) AS oldest,
              (array_agg(decision_id ORDER BY occurred_at, decision_id) FILTER (WHERE occurred_at < $4::timestamptz AND erased_at IS NULL))[1:${SAMPLE_IDS}] AS sample
       FROM decisions ${WHERE_RANGE}`,
      range,
      [cutoff.toISOString()],
    );
    return { total: r['total'] as number, overdue: r['overdue'] as number, oldestOverdue: iso(r['oldest']), sampleDecisionIds: (r['sample'] as string[] | null) ?? [] };
  }

  /**
   * EU AI Act Art. 12 record-keeping: decisions of the version in the range (plus any without an
   * occurredAt, which no range can place) lacking a field the log must hold. A subjectRef may be
   * missing only after erasure.
   */
  async recordKeepingGaps(range: DecisionRange): Promise<{
    examined: number;
    incomplete: number;
    missing: { decisionId: number; occurredAt: number; subjectRef: number; purpose: number; outcome: number; recordingEntry: number };
    sampleDecisionIds: string[];
  }> {
    const incomplete = `(decision_id = '' OR occurred_at IS NULL OR (subject_ref IS NULL AND erased_at IS NULL) OR purpose IS NULL OR purpose = ''
                         OR outcome = '' OR audit_seq IS NULL)`;
    const [r] = await this.dataSource.query(
      `SELECT count(*)::int AS examined,
              count(*) FILTER (WHERE ${incomplete})::int AS incomplete,
              count(*) FILTER (WHERE decision_id = '')::int AS decision_id,
              count(*) FILTER (WHERE occurred_at IS NULL)::int AS occurred_at,
              count(*) FILTER (WHERE subject_ref IS NULL AND erased_at IS NULL)::int AS subject_ref,
              count(*) FILTER (WHERE purpose IS NULL OR purpose = '')::int AS purpose,
              count(*) FILTER (WHERE outcome = '')::int AS outcome,
              count(*) FILTER (WHERE audit_seq IS NULL)::int AS recording_entry,
              (array_agg(decision_id ORDER BY occurred_at, decision_id) FILTER (WHERE ${incomplete}))[1:${SAMPLE_IDS}] AS sample
       FROM decisions
       WHERE model_version_id = $1::uuid AND (occurred_at IS NULL OR (occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz))`,
      [range.modelVersionId, range.from.toISOString(), range.to.toISOString()],
    );
    return {
      examined: r.examined,
      incomplete: r.incomplete,
      missing: {
        decisionId: r.decision_id,
        occurredAt: r.occurred_at,
        subjectRef: r.subject_ref,
        purpose: r.purpose,
        outcome: r.outcome,
        recordingEntry: r.recording_entry,
      },
      sampleDecisionIds: r.sample ?? [],
    };
  }

  /**
   * Decisions in the range not covered by any of the windows `[start, end]` (each a bias audit and
   * the end of its one-year validity): NYC LL144's "audit no more than one year prior to the use".
   */
  async uncoveredByWindows(
    range: DecisionRange,
    windows: ReadonlyArray<{ start: Date; end: Date }>,
  ): Promise<{ total: number; uncovered: number; firstUncovered: string | null; lastUncovered: string | null; sampleDecisionIds: string[] }> {
    const uncovered = `NOT EXISTS (SELECT 1 FROM unnest($4::timestamptz[], $5::timestamptz[]) AS w(start_at, end_at)
                                  WHERE w.start_at <= d.occurred_at AND d.occurred_at <= w.end_at)`;
    const [r] = await this.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE ${uncovered})::int AS uncovered,
              min(occurred_at) FILTER (WHERE ${uncovered}) AS first_uncovered,
              max(occurred_at) FILTER (WHERE ${uncovered}) AS last_uncovered,
              (array_agg(decision_id ORDER BY occurred_at DESC, decision_id) FILTER (WHERE ${uncovered}))[1:${SAMPLE_IDS}] AS sample
       FROM decisions d ${WHERE_RANGE}`,
      range,
      [windows.map((w) => w.start.toISOString()), windows.map((w) => w.end.toISOString())],
    );
    return {
      total: r['total'] as number,
      uncovered: r['uncovered'] as number,
      firstUncovered: iso(r['first_uncovered']),
      lastUncovered: iso(r['last_uncovered']),
      sampleDecisionIds: (r['sample'] as string[] | null) ?? [],
    };
  }

  private query(text: string, range: DecisionRange, extra: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(text, [range.modelVersionId, range.from.toISOString(), range.to.toISOString(), ...extra]);
  }
}

/** $1 model version, $2 from (inclusive), $3 to (exclusive). */
const WHERE_RANGE = 'WHERE model_version_id = $1::uuid AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz';

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
