import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typed, directed links between items of one project (the composite foreign keys make a
 * cross-project link impossible, not just refused). Removed links are kept with who removed them
 * and when, so the links an item had at any time stay readable; only live links (removed_at null)
 * count, and at most one live link per (from, to, type).
 */
export class CreateLinks1765000003000 implements MigrationInterface {
  name = 'CreateLinks1765000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backlog_links (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL,
        from_item_id uuid NOT NULL,
        to_item_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('BLOCKS', 'IMPLEMENTS', 'INFORMS', 'INSTRUMENTS', 'VALIDATES', 'DUPLICATES', 'RELATES_TO')),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        removed_at timestamptz,
        removed_by text,
        CHECK (from_item_id <> to_item_id),
        CHECK ((removed_at IS NULL) = (removed_by IS NULL)),
        FOREIGN KEY (from_item_id, project_id) REFERENCES backlog_items (id, project_id),
        FOREIGN KEY (to_item_id, project_id) REFERENCES backlog_items (id, project_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX backlog_links_live_key ON backlog_links (from_item_id, to_item_id, type) WHERE removed_at IS NULL`);
    await q.query(`CREATE INDEX backlog_links_to_idx ON backlog_links (to_item_id) WHERE removed_at IS NULL`);
    // Loading a project's ordering graph.
    await q.query(`CREATE INDEX backlog_links_project_idx ON backlog_links (project_id, type) WHERE removed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backlog_links`);
  }
}
