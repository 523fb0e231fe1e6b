import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Write keys get an id, a name, a visible prefix and a last-use time, and are kept only as SHA-256
 * (lowercase hex of the key's UTF-8 bytes, as `hashWriteKey` computes it). Existing keys are hashed
 * here, in SQL, and named `default`, so SDKs configured with them keep working; their plain text is
 * dropped, so this migration cannot be undone.
 */
export class HashWriteKeys1763900000000 implements MigrationInterface {
  name = 'HashWriteKeys1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE write_keys ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE write_keys ADD COLUMN name text NOT NULL DEFAULT 'default'`);
    await q.query(`ALTER TABLE write_keys ALTER COLUMN name DROP DEFAULT`);
    await q.query(`ALTER TABLE write_keys ADD COLUMN key_prefix text`);
    await q.query(`ALTER TABLE write_keys ADD COLUMN key_hash text`);
    await q.query(`ALTER TABLE write_keys ADD COLUMN last_used_at timestamptz`);
    await q.query(`
      UPDATE write_keys SET
        key_hash = encode(sha256(convert_to(key, 'UTF8')), 'hex'),
        key_prefix = CASE WHEN key LIKE 'wk\\_%' THEN left(key, 11) ELSE left(key, 8) END`);
    await q.query(`ALTER TABLE write_keys ALTER COLUMN key_hash SET NOT NULL, ALTER COLUMN key_prefix SET NOT NULL`);
    await q.query(`ALTER TABLE write_keys ADD CONSTRAINT write_keys_key_hash_check CHECK (key_hash ~ '^[0-9a-f]{64}$')`);
    await q.query(`ALTER TABLE write_keys DROP CONSTRAINT write_keys_pkey`);
    await q.query(`ALTER TABLE write_keys DROP COLUMN key`);
    await q.query(`ALTER TABLE write_keys ADD CONSTRAINT write_keys_pkey PRIMARY KEY (id)`);
    // The collector's lookup (one per key per 500 ms per replica) and the cursor-paginated list.
    await q.query(`CREATE UNIQUE INDEX write_keys_key_hash_idx ON write_keys (key_hash)`);
    await q.query(`DROP INDEX write_keys_project_id_idx`);
    await q.query(`CREATE INDEX write_keys_project_created_idx ON write_keys (project_id, created_at, id)`);
  }

  async down(): Promise<void> {
    throw new Error('HashWriteKeys1763900000000 cannot be reverted: the plain write keys are no longer stored.');
  }
}
