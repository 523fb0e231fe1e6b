import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiTokens1763700000000 implements MigrationInterface {
  name = 'CreateApiTokens1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('pm', 'data_scientist', 'engineer', 'designer', 'compliance', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens`);
  }
}
