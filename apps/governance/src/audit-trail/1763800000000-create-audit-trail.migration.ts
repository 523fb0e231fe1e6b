import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail's tables.
 *
 * - `audit_entries`: one row per leaf, `seq` contiguous from 0. Append-only (a trigger refuses
 *   deletes and every update except the erasure of a payload). `payload` is the RFC 8785 canonical
 *   JSON *text* of the payload, not jsonb: jsonb cannot hold `\u0000` and renormalises numbers,
 *   while the text re-hashes byte for byte with its salt. Erasure nulls `payload` and
 *   `payload_salt`; `payload_hash` and `leaf_hash` stay, so every proof still verifies.
 * - `audit_log_state`: the single row holding the next seq; writers lock it `FOR UPDATE` in their
 *   transaction, which makes seqs contiguous and serialises appends across replicas.
 * - `audit_signing_keys`: the Ed25519 key signing tree heads (at most one active key).
 * - `audit_tree_heads`: every signed head handed out, one per (tree size, key).
 * - `audit_rejected_messages`: AUDIT-stream messages that could not be appended, with the reason.
 */
export class CreateAuditTrail1763800000000 implements MigrationInterface {
  name = 'CreateAuditTrail1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        next_seq bigint NOT NULL CHECK (next_seq >= 0)
      )`);
    await q.query(`INSERT INTO audit_log_state (id, next_seq) VALUES (1, 0)`);
    await q.query(`
      CREATE TABLE audit_entries (
        seq bigint PRIMARY KEY CHECK (seq >= 0),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        payload_hash text NOT NULL CHECK (payload_hash ~ '^sha256:[0-9a-f]{64}$'),
        leaf_hash text NOT NULL CHECK (leaf_hash ~ '^[0-9a-f]{64}$'),
        payload text,
        payload_salt text,
        erased_at timestamptz,
        source_message_id text UNIQUE,
        source_message_hash text,
        CHECK ((payload IS NULL) = (payload_salt IS NULL)),
        CHECK (erased_at IS NULL OR payload IS NULL)
      )`);
    await q.query(`CREATE INDEX audit_entries_subject_idx ON audit_entries (subject)`);
    await q.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`
      CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await q.query(`
      CREATE TABLE audit_signing_keys (
        key_id text PRIMARY KEY,
        public_key_pem text NOT NULL,
        private_key_pem text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX audit_signing_keys_one_active ON audit_signing_keys ((true)) WHERE retired_at IS NULL`);
    await q.query(`
      CREATE TABLE audit_tree_heads (
        tree_size bigint NOT NULL CHECK (tree_size >= 0),
        key_id text NOT NULL REFERENCES audit_signing_keys (key_id),
        root_hash text NOT NULL,
        issued_at timestamptz NOT NULL,
        signature text NOT NULL,
        PRIMARY KEY (tree_size, key_id)
      )`);
    await q.query(`
      CREATE TABLE audit_rejected_messages (
        id bigserial PRIMARY KEY,
        stream_seq bigint NOT NULL UNIQUE,
        subject text NOT NULL,
        message_id text,
        reason text NOT NULL,
        data bytea NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_rejected_messages`);
    await q.query(`DROP TABLE audit_tree_heads`);
    await q.query(`DROP TABLE audit_signing_keys`);
    await q.query(`DROP TABLE audit_entries`);
    await q.query(`DROP FUNCTION audit_entries_append_only()`);
    await q.query(`DROP TABLE audit_log_state`);
  }
}
