import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projects as the backlog knows them (their immutable key from ingest and the item number
 * counter: the row lock of `UPDATE … RETURNING` hands each number out once) and the items.
 * `rank` compares byte-wise (COLLATE "C"), the order fractional-indexing keys are made for; one
 * item per rank and track makes "strictly ordered" a constraint, not a hope. `(id, project_id)` is
 * unique so links and evidence can reference an item together with its project.
 */
export class CreateItems1765000000000 implements MigrationInterface {
  name = 'CreateItems1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backlog_projects (
        project_id uuid PRIMARY KEY,
        key text NOT NULL CHECK (key ~ '^[A-Z][A-Z0-9]{1,9}$'),
        last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE backlog_items (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES backlog_projects (project_id),
        number integer NOT NULL CHECK (number >= 1),
        track text NOT NULL CHECK (track IN ('PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA')),
        kind text NOT NULL CHECK (kind IN ('FEATURE', 'BUG', 'CHORE', 'SPIKE', 'HYPOTHESIS', 'RESEARCH', 'INSTRUMENTATION', 'ANALYSIS')),
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
        description text NOT NULL CHECK (octet_length(description) <= 65536),
        estimate text,
        owners uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(owners) <= 20),
        labels text[] NOT NULL DEFAULT '{}' CHECK (cardinality(labels) <= 20),
        state text NOT NULL CHECK (state IN ('ICEBOX', 'BACKLOG', 'STARTED', 'FINISHED', 'DELIVERED', 'ACCEPTED', 'REJECTED', 'ARCHIVED')),
        rank text COLLATE "C" NOT NULL,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        delivered_at timestamptz,
        accepted_at timestamptz,
        accepted_by text,
        acceptance_override_reason text,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (project_id, number),
        UNIQUE (id, project_id),
        UNIQUE (project_id, track, rank)
      )`);
    // Owner and label filters of the board.
    await q.query(`CREATE INDEX backlog_items_owners_idx ON backlog_items USING gin (owners)`);
    await q.query(`CREATE INDEX backlog_items_labels_idx ON backlog_items USING gin (labels)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backlog_items`);
    await q.query(`DROP TABLE backlog_projects`);
  }
}
