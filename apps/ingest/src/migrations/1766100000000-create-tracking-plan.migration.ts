import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tracking plan (docs/tracking-plan.md): per project its settings (mode, current version, the
 * secret PII hashing uses, which never leaves ingest) and its immutable versions, plus the outbox
 * of the plan's audit actions (published to the AUDIT stream, governance files them on the trail).
 */
export class CreateTrackingPlan1766100000000 implements MigrationInterface {
  name = 'CreateTrackingPlan1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracking_plan_versions (
        project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        document jsonb NOT NULL,
        changes jsonb NOT NULL,
        note text,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL,
        published_by_name text,
        PRIMARY KEY (project_id, version)
      )`);
    // A published version is never changed: the service has no UPDATE path, and the database refuses one.
    await q.query(`
      CREATE FUNCTION tracking_plan_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'tracking plan versions are immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER tracking_plan_versions_no_update BEFORE UPDATE ON tracking_plan_versions
      FOR EACH ROW EXECUTE FUNCTION tracking_plan_versions_immutable()`);
    await q.query(`
      CREATE TABLE tracking_plan_settings (
        project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
        mode text NOT NULL DEFAULT 'OFF' CHECK (mode IN ('OFF', 'REPORT', 'QUARANTINE')),
        current_version integer,
        pii_secret bytea NOT NULL CHECK (octet_length(pii_secret) = 32),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        updated_by_name text,
        FOREIGN KEY (project_id, current_version) REFERENCES tracking_plan_versions (project_id, version)
      )`);
    await q.query(`
      CREATE TABLE tracking_plan_audit_outbox (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        project_id uuid NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        actor text NOT NULL,
        actor_name text,
        request_id text NOT NULL,
        traceparent text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX tracking_plan_audit_outbox_pending_idx ON tracking_plan_audit_outbox (seq) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tracking_plan_audit_outbox`);
    await q.query(`DROP TABLE tracking_plan_settings`);
    await q.query(`DROP TABLE tracking_plan_versions`);
    await q.query(`DROP FUNCTION tracking_plan_versions_immutable()`);
  }
}
