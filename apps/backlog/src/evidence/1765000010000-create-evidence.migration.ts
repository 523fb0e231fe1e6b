import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence on items. `source` is what the owning service confirmed at attach time (the analysis's
 * data version and fingerprint, the model version's name, the audit's outcome, the fairness
 * report's summary); the id columns beside it are what the queries join and filter on. Rows are
 * never deleted: withdrawal fills the three withdrawal columns once, and a trigger refuses every
 * other change, so what a decision rested on stays provable.
 */
export class CreateEvidence1765000010000 implements MigrationInterface {
  name = 'CreateEvidence1765000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backlog_evidence (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL,
        item_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ANALYSIS', 'MODEL_VERSION', 'AUDIT', 'FAIRNESS_REPORT', 'URL')),
        stance text NOT NULL CHECK (stance IN ('SUPPORTS', 'CONTRADICTS', 'INFORMS')),
        narrative text NOT NULL CHECK (octet_length(narrative) <= 65536),
        analysis_id uuid,
        model_version_id uuid,
        audit_id uuid,
        url text CHECK (char_length(url) <= 2048),
        source jsonb NOT NULL,
        attached_at timestamptz NOT NULL,
        attached_by text NOT NULL,
        attached_by_name text,
        withdrawn_at timestamptz,
        withdrawn_by text,
        withdrawn_by_name text,
        withdrawal_reason text,
        CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL) AND (withdrawn_at IS NULL) = (withdrawal_reason IS NULL)),
        CHECK ((kind = 'ANALYSIS') = (analysis_id IS NOT NULL)),
        CHECK ((kind = 'AUDIT') = (audit_id IS NOT NULL)),
        CHECK ((kind = 'URL') = (url IS NOT NULL)),
        CHECK (kind IN ('ANALYSIS', 'URL') OR model_version_id IS NOT NULL),
        FOREIGN KEY (item_id, project_id) REFERENCES backlog_items (id, project_id)
      )`);
    await q.query(`CREATE INDEX backlog_evidence_item_idx ON backlog_evidence (item_id, attached_at, id)`);
    // "An analysis knows the items it is attached to."
    await q.query(`CREATE INDEX backlog_evidence_analysis_idx ON backlog_evidence (project_id, analysis_id) WHERE analysis_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION backlog_evidence_withdraw_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL
           AND (to_jsonb(NEW) - ARRAY['withdrawn_at', 'withdrawn_by', 'withdrawn_by_name', 'withdrawal_reason'])
             = (to_jsonb(OLD) - ARRAY['withdrawn_at', 'withdrawn_by', 'withdrawn_by_name', 'withdrawal_reason']) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'evidence is never deleted or changed, only withdrawn once';
      END $$`);
    await q.query(`
      CREATE TRIGGER backlog_evidence_withdraw_only BEFORE UPDATE OR DELETE ON backlog_evidence
      FOR EACH ROW EXECUTE FUNCTION backlog_evidence_withdraw_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backlog_evidence`);
    await q.query(`DROP FUNCTION backlog_evidence_withdraw_only()`);
  }
}
