import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProjects1763700000000 implements MigrationInterface {
  name = 'CreateProjects1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE write_keys (
        key text PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX write_keys_project_id_idx ON write_keys (project_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE write_keys`);
    await q.query(`DROP TABLE projects`);
  }
}
