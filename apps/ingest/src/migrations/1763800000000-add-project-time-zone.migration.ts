import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Projects get a time zone (IANA name) for calendar buckets of insights; existing projects are UTC. */
export class AddProjectTimeZone1763800000000 implements MigrationInterface {
  name = 'AddProjectTimeZone1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE projects ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE projects DROP COLUMN time_zone`);
  }
}
