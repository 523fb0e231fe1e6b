import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many items each (project, track, state, kind) has, kept by triggers on `backlog_items` in
 * the same transaction as the change, so the board's `totalCount` without label, owner or text
 * filters is a sum over at most 64 rows instead of a `count(*)` over a track's thousands of items.
 *
 * - Inserts and deletes: statement-level triggers read the transition table, so a bulk
 *   `INSERT … SELECT` touches each count row once, not once per item.
 * - Updates: a row-level trigger whose `WHEN` only lets through a change of project, track, state
 *   or kind; edits, rank moves and version bumps never call it.
 * - Each trigger applies its deltas in one `INSERT … ON CONFLICT DO UPDATE` sorted by key, so two
 *   transactions lock count rows in the same order and cannot deadlock on them. On a PostgreSQL
 *   server, concurrent moves into the same (project, track, state, kind) wait on that row until the
 *   first commits (creates already wait on the project's number counter).
 *
 * `n` has no `CHECK (n >= 0)`: PostgreSQL checks the proposed row (the negative delta) before
 * `ON CONFLICT` turns it into an update. Rows reaching 0 stay (a later item reuses them). Existing items are counted here, under a lock
 * that keeps writers out until the migration commits.
 */
export class CreateItemCounts1765000020000 implements MigrationInterface {
  name = 'CreateItemCounts1765000020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE backlog_items IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE backlog_item_counts (
        project_id uuid NOT NULL REFERENCES backlog_projects (project_id),
        track text NOT NULL,
        state text NOT NULL,
        kind text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (project_id, track, state, kind)
      )`);
    await q.query(`
      CREATE FUNCTION backlog_item_counts_apply(deltas jsonb) RETURNS void LANGUAGE sql AS $$
        INSERT INTO backlog_item_counts AS c (project_id, track, state, kind, n)
        SELECT d.project_id, d.track, d.state, d.kind, d.delta
          FROM jsonb_to_recordset(deltas) AS d(project_id uuid, track text, state text, kind text, delta integer)
         WHERE d.delta <> 0
         ORDER BY d.project_id, d.track, d.state, d.kind
        ON CONFLICT (project_id, track, state, kind) DO UPDATE SET n = c.n + EXCLUDED.n
      $$`);
    await q.query(`
      CREATE FUNCTION backlog_item_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM backlog_item_counts_apply(coalesce(
          (SELECT jsonb_agg(jsonb_build_object('project_id', project_id, 'track', track, 'state', state, 'kind', kind, 'delta', n))
             FROM (SELECT project_id, track, state, kind, count(*) AS n FROM inserted GROUP BY 1, 2, 3, 4) g),
          '[]'::jsonb));
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE FUNCTION backlog_item_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM backlog_item_counts_apply(coalesce(
          (SELECT jsonb_agg(jsonb_build_object('project_id', project_id, 'track', track, 'state', state, 'kind', kind, 'delta', -n))
             FROM (SELECT project_id, track, state, kind, count(*) AS n FROM deleted GROUP BY 1, 2, 3, 4) g),
          '[]'::jsonb));
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE FUNCTION backlog_item_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM backlog_item_counts_apply(jsonb_build_array(
          jsonb_build_object('project_id', OLD.project_id, 'track', OLD.track, 'state', OLD.state, 'kind', OLD.kind, 'delta', -1),
          jsonb_build_object('project_id', NEW.project_id, 'track', NEW.track, 'state', NEW.state, 'kind', NEW.kind, 'delta', 1)));
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER backlog_items_counted_insert AFTER INSERT ON backlog_items
        REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION backlog_item_counts_inserted()`);
    await q.query(`
      CREATE TRIGGER backlog_items_counted_delete AFTER DELETE ON backlog_items
        REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION backlog_item_counts_deleted()`);
    await q.query(`
      CREATE TRIGGER backlog_items_counted_update AFTER UPDATE OF project_id, track, state, kind ON backlog_items FOR EACH ROW
        WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.track IS DISTINCT FROM NEW.track
              OR OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind)
        EXECUTE FUNCTION backlog_item_counts_moved()`);
    await q.query(`
      INSERT INTO backlog_item_counts (project_id, track, state, kind, n)
      SELECT project_id, track, state, kind, count(*) FROM backlog_items GROUP BY 1, 2, 3, 4`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER backlog_items_counted_update ON backlog_items`);
    await q.query(`DROP TRIGGER backlog_items_counted_delete ON backlog_items`);
    await q.query(`DROP TRIGGER backlog_items_counted_insert ON backlog_items`);
    await q.query(`DROP FUNCTION backlog_item_counts_moved()`);
    await q.query(`DROP FUNCTION backlog_item_counts_deleted()`);
    await q.query(`DROP FUNCTION backlog_item_counts_inserted()`);
    await q.query(`DROP FUNCTION backlog_item_counts_apply(jsonb)`);
    await q.query(`DROP TABLE backlog_item_counts`);
  }
}
