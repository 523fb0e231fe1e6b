import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projects on the audit trail (still one tree). New entries are format v2: their leaf also commits
 * to `actor_name` (the actor's display name when it acted) and `project_id` (null for an
 * instance-level action). Entries from before keep format v1 and their six-field leaves, so every
 * old proof and export still verifies; their `project_id` may be set once, by the adoption of the
 * installation's rows into its first project (it is not part of a v1 leaf). The append-only
 * trigger is widened for exactly that update and nothing else.
 */
export class ScopeAuditTrailToProjects1763900000000 implements MigrationInterface {
  name = 'ScopeAuditTrailToProjects1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_entries
        ADD COLUMN entry_version smallint NOT NULL DEFAULT 1 CHECK (entry_version IN (1, 2)),
        ADD COLUMN actor_name text,
        ADD COLUMN project_id uuid`);
    // Existing rows keep 1; every new row must say which format its leaf has.
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN entry_version DROP DEFAULT`);
    await q.query(`ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_v1_without_name CHECK (entry_version = 2 OR actor_name IS NULL)`);
    await q.query(`CREATE INDEX audit_entries_project_seq_idx ON audit_entries (project_id, seq)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
           AND NEW.subject = OLD.subject AND NEW.payload_hash = OLD.payload_hash AND NEW.leaf_hash = OLD.leaf_hash
           AND NEW.source_message_id IS NOT DISTINCT FROM OLD.source_message_id
           AND NEW.source_message_hash IS NOT DISTINCT FROM OLD.source_message_hash
           AND NEW.entry_version = OLD.entry_version AND NEW.actor_name IS NOT DISTINCT FROM OLD.actor_name THEN
          -- Erasing a payload (everything else stays).
          IF NEW.payload IS NULL AND NEW.payload_salt IS NULL AND NEW.erased_at IS NOT NULL
             AND NEW.project_id IS NOT DISTINCT FROM OLD.project_id THEN
            RETURN NEW;
          END IF;
          -- Adopting an entry from before projects into a project (a v1 leaf does not hash the project).
          IF OLD.entry_version = 1 AND OLD.project_id IS NULL AND NEW.project_id IS NOT NULL
             AND NEW.payload IS NOT DISTINCT FROM OLD.payload AND NEW.payload_salt IS NOT DISTINCT FROM OLD.payload_salt
             AND NEW.erased_at IS NOT DISTINCT FROM OLD.erased_at THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_entries is append-only (only payload erasure, and adopting entries from before projects, are allowed)';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND NEW.payload IS NULL AND NEW.payload_salt IS NULL AND NEW.erased_at IS NOT NULL
           AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
           AND NEW.subject = OLD.subject AND NEW.payload_hash = OLD.payload_hash AND NEW.leaf_hash = OLD.leaf_hash
           AND NEW.source_message_id IS NOT DISTINCT FROM OLD.source_message_id
           AND NEW.source_message_hash IS NOT DISTINCT FROM OLD.source_message_hash THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_entries is append-only (only payload erasure is allowed)';
      END $$`);
    await q.query(`DROP INDEX audit_entries_project_seq_idx`);
    await q.query(`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_v1_without_name`);
    await q.query(`ALTER TABLE audit_entries DROP COLUMN project_id, DROP COLUMN actor_name, DROP COLUMN entry_version`);
  }
}
