import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audits of a model version over `[range_from, range_to)` and their findings (one per rule, in
 * catalog order). `audit_seq` is the `audit.completed` entry on the audit trail, appended in the
 * same transaction. Audits are immutable once stored.
 */
export class CreateAudits1763800003000 implements MigrationInterface {
  name = 'CreateAudits1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audits (
        id uuid PRIMARY KEY,
        model_version_id uuid NOT NULL,
        range_from timestamptz NOT NULL,
        range_to timestamptz NOT NULL,
        rules text[] NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('PASSED', 'FAILED')),
        ran_at timestamptz NOT NULL,
        ran_by text NOT NULL,
        audit_seq bigint NOT NULL,
        CHECK (range_from < range_to)
      )`);
    await q.query(`CREATE INDEX audits_model_version_ran_at_idx ON audits (model_version_id, ran_at DESC)`);
    await q.query(`
      CREATE TABLE audit_findings (
        audit_id uuid NOT NULL REFERENCES audits (id) ON DELETE CASCADE,
        position integer NOT NULL,
        rule_id text NOT NULL,
        title text NOT NULL,
        citation text NOT NULL,
        status text NOT NULL CHECK (status IN ('PASS', 'FAIL', 'WARN', 'NOT_APPLICABLE')),
        summary text NOT NULL,
        evidence jsonb NOT NULL,
        PRIMARY KEY (audit_id, position)
      )`);
    await q.query(`CREATE INDEX audit_findings_rule_status_idx ON audit_findings (rule_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_findings`);
    await q.query(`DROP TABLE audits`);
  }
}
