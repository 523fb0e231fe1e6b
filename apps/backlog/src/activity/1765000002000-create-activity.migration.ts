import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Item activity, which is also the audit outbox: every change writes its rows in the change's own
 * transaction with `audit_published = false`; the outbox publishes them to the AUDIT stream and
 * sets the flag. `seq` orders history stably (rows of one transaction share `occurred_at`).
 * `item_id` is null only for project-level changes (a track's estimate scale).
 */
export class CreateActivity1765000002000 implements MigrationInterface {
  name = 'CreateActivity1765000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backlog_activity (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        project_id uuid NOT NULL REFERENCES backlog_projects (project_id),
        item_id uuid REFERENCES backlog_items (id),
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '[]',
        detail jsonb NOT NULL DEFAULT '{}',
        actor text NOT NULL,
        actor_name text,
        request_id text NOT NULL,
        traceparent text NOT NULL,
        occurred_at timestamptz NOT NULL,
        audit_published boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX backlog_activity_item_idx ON backlog_activity (item_id, seq)`);
    await q.query(`CREATE INDEX backlog_activity_unpublished_idx ON backlog_activity (seq) WHERE NOT audit_published`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backlog_activity`);
  }
}
