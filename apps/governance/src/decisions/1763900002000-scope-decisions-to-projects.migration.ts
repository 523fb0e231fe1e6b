import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions belong to their model version's project, and carry the project themselves: provenance
 * and erasure look decisions up by (project, id), and a decision id is unique per project — not
 * across the installation, since a DECISION_ID_CONFLICT caused by another project's decision would
 * reveal that it exists. `project_id` is NULL only for decisions from before projects (NOT VALID
 * check: enforced for new and updated rows), until they are adopted.
 *
 * `rejected_decisions.project_id` is the project a rejected JetStream message named, or NULL when
 * it is unknown (a message from before projects, or one whose project could not be read).
 */
export class ScopeDecisionsToProjects1763900002000 implements MigrationInterface {
  name = 'ScopeDecisionsToProjects1763900002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decisions ADD COLUMN project_id uuid`);
    await q.query(`ALTER TABLE decisions ADD CONSTRAINT decisions_project_required CHECK (project_id IS NOT NULL) NOT VALID`);
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_pkey`);
    await q.query(`ALTER TABLE decisions ALTER COLUMN decision_id SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX decisions_project_decision_key ON decisions (project_id, decision_id)`);
    await q.query(`ALTER TABLE rejected_decisions ADD COLUMN project_id uuid`);
    await q.query(`CREATE INDEX rejected_decisions_project_idx ON rejected_decisions (project_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rejected_decisions_project_idx`);
    await q.query(`ALTER TABLE rejected_decisions DROP COLUMN project_id`);
    await q.query(`DROP INDEX decisions_project_decision_key`);
    await q.query(`ALTER TABLE decisions ADD PRIMARY KEY (decision_id)`);
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_project_required`);
    await q.query(`ALTER TABLE decisions DROP COLUMN project_id`);
  }
}
