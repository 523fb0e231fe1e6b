import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `backlog_projects.graph_version`: bumped, under the project row's lock, by every change of what
 * the in-memory project state holds (items' track, kind, state and estimate; live links of every
 * type; track scales). ProjectGraphCache uses a project's state only at the version the database
 * answers.
 */
export class GraphVersion1765000012000 implements MigrationInterface {
  name = 'GraphVersion1765000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE backlog_projects ADD COLUMN graph_version bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE backlog_projects DROP COLUMN graph_version`);
  }
}
