import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audits belong to their model version's project; the column is there for the project's audit
 * list (newest first: ran_at, id). NULL only for audits from before projects (NOT VALID check:
 * enforced for new and updated rows), until they are adopted. Findings follow their audit.
 */
export class ScopeAuditsToProjects1763900003000 implements MigrationInterface {
  name = 'ScopeAuditsToProjects1763900003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audits ADD COLUMN project_id uuid`);
    await q.query(`ALTER TABLE audits ADD CONSTRAINT audits_project_required CHECK (project_id IS NOT NULL) NOT VALID`);
    await q.query(`CREATE INDEX audits_project_ran_at_idx ON audits (project_id, ran_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audits_project_ran_at_idx`);
    await q.query(`ALTER TABLE audits DROP CONSTRAINT audits_project_required`);
    await q.query(`ALTER TABLE audits DROP COLUMN project_id`);
  }
}
