import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, sessions, project memberships, per-user API tokens and login failures.
 *
 * Existing installations: API tokens used to carry one global role. If any exist, one "migrated
 * admin" user is created (a fixed id, `admin@localhost`, instance admin, **no password**: nobody
 * can log in as it until a password is set, by the launcher's bootstrap or by
 * FULCRUM_BOOTSTRAP_ADMIN_EMAIL/PASSWORD, see docs/security.md), and every token becomes one of its
 * tokens, narrowed to its former role (an `admin` token is not narrowed). Projects live in the
 * ingest service, so the memberships that make these tokens work in every existing project are
 * added at gateway start-up (people/membership.backfill.ts), not here.
 */
export class CreatePeople1764000000000 implements MigrationInterface {
  name = 'CreatePeople1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text,
        instance_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_created_at_id_idx ON users (created_at, id)`);

    await q.query(`
      CREATE TABLE sessions (
        id_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_idle_expires_at_idx ON sessions (idle_expires_at)`);

    // No foreign key on project_id: projects live in the ingest service's database.
    await q.query(`
      CREATE TABLE project_memberships (
        project_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('PM', 'DESIGNER', 'ENGINEER', 'DATA_SCIENTIST', 'COMPLIANCE', 'ADMIN')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, user_id, role)
      )`);
    await q.query(`CREATE INDEX project_memberships_user_id_idx ON project_memberships (user_id)`);

    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_key_failed_at_idx ON login_failures (key, failed_at)`);

    await q.query(`
      ALTER TABLE api_tokens
        ADD COLUMN user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        ADD COLUMN prefix text,
        ADD COLUMN project_id uuid,
        ADD COLUMN roles text[],
        ADD COLUMN last_used_at timestamptz,
        ADD COLUMN expires_at timestamptz`);
    await q.query(`
      INSERT INTO users (id, email, display_name, password_hash, instance_admin)
      SELECT '00000000-0000-4000-8000-00000000ad01', 'admin@localhost', 'Admin', NULL, true
      WHERE EXISTS (SELECT 1 FROM api_tokens)`);
    await q.query(`
      UPDATE api_tokens SET
        user_id = '00000000-0000-4000-8000-00000000ad01',
        prefix = 'ful_',
        roles = CASE role WHEN 'admin' THEN NULL ELSE ARRAY[upper(role)] END`);
    await q.query(`
      ALTER TABLE api_tokens
        ALTER COLUMN user_id SET NOT NULL,
        ALTER COLUMN prefix SET NOT NULL,
        DROP COLUMN role,
        ADD CONSTRAINT api_tokens_roles_check CHECK (
          roles IS NULL OR (cardinality(roles) > 0 AND roles <@ ARRAY['PM', 'DESIGNER', 'ENGINEER', 'DATA_SCIENTIST', 'COMPLIANCE', 'ADMIN']::text[])
        )`);
    await q.query(`CREATE INDEX api_tokens_user_id_created_at_idx ON api_tokens (user_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to global-role tokens: a token narrowed to roles keeps its first role, others become admin tokens.
    await q.query(`DROP INDEX api_tokens_user_id_created_at_idx`);
    await q.query(`ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_roles_check, ADD COLUMN role text`);
    await q.query(`UPDATE api_tokens SET role = CASE WHEN roles IS NULL THEN 'admin' ELSE lower(roles[1]) END`);
    await q.query(`
      ALTER TABLE api_tokens
        ALTER COLUMN role SET NOT NULL,
        ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('pm', 'data_scientist', 'engineer', 'designer', 'compliance', 'admin')),
        DROP COLUMN user_id,
        DROP COLUMN prefix,
        DROP COLUMN project_id,
        DROP COLUMN roles,
        DROP COLUMN last_used_at,
        DROP COLUMN expires_at`);
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE project_memberships`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
  }
}
