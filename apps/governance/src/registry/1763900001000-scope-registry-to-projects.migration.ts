import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Models belong to a project; their versions, aliases and alias moves follow their model (no
 * column of their own: versions are immutable rows, and every read joins the model).
 *
 * `project_id` is NULL only for models registered before projects existed: the check constraint is
 * NOT VALID, so PostgreSQL enforces it for every row inserted or updated from now on but not for
 * the rows already there, until `governance.projects.adopt-unscoped.v1` assigns them. Names are
 * unique per project (ignoring case), no longer across the installation: a name taken in another
 * project must not be observable.
 */
export class ScopeRegistryToProjects1763900001000 implements MigrationInterface {
  name = 'ScopeRegistryToProjects1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE models ADD COLUMN project_id uuid`);
    await q.query(`ALTER TABLE models ADD CONSTRAINT models_project_required CHECK (project_id IS NOT NULL) NOT VALID`);
    await q.query(`DROP INDEX models_name_key`);
    await q.query(`CREATE UNIQUE INDEX models_project_name_key ON models (project_id, lower(name))`);
    await q.query(`CREATE INDEX models_project_created_idx ON models (project_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX models_project_created_idx`);
    await q.query(`DROP INDEX models_project_name_key`);
    await q.query(`CREATE UNIQUE INDEX models_name_key ON models (lower(name))`);
    await q.query(`ALTER TABLE models DROP CONSTRAINT models_project_required`);
    await q.query(`ALTER TABLE models DROP COLUMN project_id`);
  }
}
