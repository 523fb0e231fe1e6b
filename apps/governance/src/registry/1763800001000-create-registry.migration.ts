import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model registry. Versions are immutable (trigger); aliases point to a version of their own
 * model (composite foreign key); every alias move is kept in `alias_moves`. `audit_seq` columns
 * name the audit-trail entry that recorded each write (the trail lives in the same database).
 */
export class CreateRegistry1763800001000 implements MigrationInterface {
  name = 'CreateRegistry1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL,
        owner text NOT NULL,
        risk_level text NOT NULL CHECK (risk_level IN ('MINIMAL', 'LIMITED', 'HIGH')),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        audit_seq bigint NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX models_name_key ON models (lower(name))`);
    await q.query(`
      CREATE TABLE model_versions (
        id uuid PRIMARY KEY,
        model_id uuid NOT NULL REFERENCES models (id),
        version integer NOT NULL CHECK (version >= 1),
        artifact_digest text NOT NULL,
        training_dataset jsonb NOT NULL,
        features jsonb NOT NULL,
        purposes jsonb NOT NULL,
        legal_basis text NOT NULL,
        special_category_ground text,
        solely_automated_significant_decisions boolean NOT NULL,
        automated_decision_basis text,
        human_review_available boolean NOT NULL,
        retention_days integer NOT NULL CHECK (retention_days >= 1),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        audit_seq bigint NOT NULL,
        UNIQUE (model_id, version),
        UNIQUE (id, model_id)
      )`);
    await q.query(`
      CREATE FUNCTION model_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'model versions are immutable: register a new version instead';
      END $$`);
    await q.query(`
      CREATE TRIGGER model_versions_immutable BEFORE UPDATE OR DELETE ON model_versions
      FOR EACH ROW EXECUTE FUNCTION model_versions_immutable()`);
    await q.query(`
      CREATE TABLE aliases (
        model_id uuid NOT NULL REFERENCES models (id),
        alias text NOT NULL,
        version_id uuid NOT NULL,
        moved_at timestamptz NOT NULL,
        moved_by text NOT NULL,
        PRIMARY KEY (model_id, alias),
        FOREIGN KEY (version_id, model_id) REFERENCES model_versions (id, model_id)
      )`);
    await q.query(`CREATE INDEX aliases_version_id_idx ON aliases (version_id)`);
    await q.query(`
      CREATE TABLE alias_moves (
        id uuid PRIMARY KEY,
        model_id uuid NOT NULL REFERENCES models (id),
        alias text NOT NULL,
        from_version_id uuid REFERENCES model_versions (id),
        to_version_id uuid NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL,
        gate_override_reason text,
        audit_seq bigint NOT NULL UNIQUE,
        FOREIGN KEY (to_version_id, model_id) REFERENCES model_versions (id, model_id)
      )`);
    await q.query(`CREATE INDEX alias_moves_model_id_idx ON alias_moves (model_id, audit_seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alias_moves`);
    await q.query(`DROP TABLE aliases`);
    await q.query(`DROP TABLE model_versions`);
    await q.query(`DROP FUNCTION model_versions_immutable()`);
    await q.query(`DROP TABLE models`);
  }
}
