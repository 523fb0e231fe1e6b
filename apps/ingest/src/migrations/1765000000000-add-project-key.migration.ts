import type { MigrationInterface, QueryRunner } from 'typeorm';
import { deriveKey } from '../projects/project-key.deriver';

/**
 * Projects get a short immutable key (backlog item keys are `<key>-<n>`). Existing projects get
 * keys derived from their names, oldest project first (it gets the plain key, later namesakes a
 * number). Keys are stored upper-case, so the unique index makes them unique case-insensitively.
 */
export class AddProjectKey1765000000000 implements MigrationInterface {
  name = 'AddProjectKey1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE projects ADD COLUMN key text`);
    const projects: Array<{ id: string; name: string }> = await q.query(`SELECT id, name FROM projects ORDER BY created_at, id`);
    const taken = new Set<string>();
    for (const project of projects) {
      const key = deriveKey(project.name, taken);
      taken.add(key);
      await q.query(`UPDATE projects SET key = $1 WHERE id = $2`, [key, project.id]);
    }
    await q.query(`ALTER TABLE projects ALTER COLUMN key SET NOT NULL`);
    await q.query(`ALTER TABLE projects ADD CONSTRAINT projects_key_format CHECK (key ~ '^[A-Z][A-Z0-9]{1,9}$')`);
    await q.query(`CREATE UNIQUE INDEX projects_key_key ON projects (key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE projects DROP COLUMN key`);
  }
}
