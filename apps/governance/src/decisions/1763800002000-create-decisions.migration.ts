import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision log. The first nine columns are exactly `DECISIONS_TABLE_DDL` of `@fulcrum/fairness`
 * (its SQL reads them; a unit test keeps the two in step). The others are this service's own:
 *
 * - `content_hash` / `content_salt`: salted hash of the decision as recorded (retries are told apart
 *   from conflicting re-uses of an id by it; the salt is deleted on erasure, the hash stays so the
 *   batch's `rowsHash` on the audit trail still covers the other rows);
 * - `recorded_at`, `recorded_by`, `audit_seq`: when, by whom, and the audit-trail entry
 *   (`decisions.recorded`) of the batch that recorded it;
 * - `erased_at`: set by GDPR erasure (subject_ref NULL, attributes `{}`).
 *
 * `rejected_decisions` keeps what the JetStream consumer could not store (a whole message, or one
 * row with `row_index` ≥ 0), with the reason: never dropped. Unique per (stream_seq, row_index), so
 * a redelivered message is recorded once.
 */
export class CreateDecisions1763800002000 implements MigrationInterface {
  name = 'CreateDecisions1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decisions (
        decision_id text PRIMARY KEY,
        model_version_id uuid,
        subject_ref text,
        occurred_at timestamptz,
        purpose text,
        outcome text NOT NULL,
        score double precision,
        ground_truth text,
        attributes jsonb NOT NULL,
        content_hash text NOT NULL,
        content_salt text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL,
        audit_seq bigint NOT NULL,
        erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX decisions_model_version_occurred_at_idx ON decisions (model_version_id, occurred_at)`);
    await q.query(`CREATE INDEX decisions_subject_ref_idx ON decisions (subject_ref) WHERE subject_ref IS NOT NULL`);
    await q.query(`
      CREATE TABLE rejected_decisions (
        id bigserial PRIMARY KEY,
        stream_seq bigint NOT NULL,
        row_index integer NOT NULL,
        model_version_id text,
        actor text,
        decision_id text,
        subject_ref text,
        code text NOT NULL,
        reason text NOT NULL,
        payload text,
        rejected_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT rejected_decisions_stream_row_key UNIQUE (stream_seq, row_index)
      )`);
    await q.query(`CREATE INDEX rejected_decisions_subject_ref_idx ON rejected_decisions (subject_ref) WHERE subject_ref IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rejected_decisions`);
    await q.query(`DROP TABLE decisions`);
  }
}
