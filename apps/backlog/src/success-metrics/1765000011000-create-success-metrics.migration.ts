import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Success metrics and their evaluations. A metric is edited in place (its `revision` counts the
 * edits) and retired, never deleted; every evaluation keeps the definition and revision it was
 * computed with, the ranges and the data version, so it can be recomputed exactly, and a trigger
 * makes evaluations append-only. `seq` orders a metric's evaluations (the latest one gates
 * acceptance). `backlog_metric_live_claims` is the live re-evaluator's bookkeeping: per item, when
 * it last claimed it and at which data version, so an item is re-evaluated at most once per
 * interval, and only when the data version moved, even with several replicas.
 */
export class CreateSuccessMetrics1765000011000 implements MigrationInterface {
  name = 'CreateSuccessMetrics1765000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backlog_success_metrics (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL,
        item_id uuid NOT NULL,
        definition jsonb NOT NULL,
        revision integer NOT NULL CHECK (revision >= 1),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        retired_at timestamptz,
        retired_by text,
        retirement_reason text,
        CHECK ((retired_at IS NULL) = (retired_by IS NULL) AND (retired_at IS NULL) = (retirement_reason IS NULL)),
        FOREIGN KEY (item_id, project_id) REFERENCES backlog_items (id, project_id)
      )`);
    await q.query(`CREATE INDEX backlog_success_metrics_item_idx ON backlog_success_metrics (item_id, created_at, id)`);
    await q.query(`
      CREATE TABLE backlog_success_metric_evaluations (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        metric_id uuid NOT NULL REFERENCES backlog_success_metrics (id),
        item_id uuid NOT NULL,
        project_id uuid NOT NULL,
        metric_revision integer NOT NULL,
        definition jsonb NOT NULL,
        verdict text NOT NULL CHECK (verdict IN ('MET', 'NOT_MET', 'INSUFFICIENT_DATA', 'PENDING')),
        value double precision,
        baseline double precision,
        change_percent double precision,
        window_from timestamptz,
        window_to timestamptz,
        range_from timestamptz,
        range_to timestamptz,
        baseline_from timestamptz,
        baseline_to timestamptz,
        window_complete boolean NOT NULL,
        data_version numeric(20, 0),
        query_fingerprint text,
        baseline_query_fingerprint text,
        reason text,
        trigger text NOT NULL CHECK (trigger IN ('REQUEST', 'LIVE')),
        evaluated_at timestamptz NOT NULL,
        evaluated_by text NOT NULL,
        evaluated_by_name text,
        CHECK (verdict NOT IN ('MET', 'NOT_MET') OR (value IS NOT NULL AND data_version IS NOT NULL)),
        FOREIGN KEY (item_id, project_id) REFERENCES backlog_items (id, project_id)
      )`);
    await q.query(`CREATE INDEX backlog_success_metric_evaluations_metric_idx ON backlog_success_metric_evaluations (metric_id, seq DESC)`);
    await q.query(`
      CREATE FUNCTION backlog_success_metric_evaluations_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'success metric evaluations are immutable: evaluate again instead';
      END $$`);
    await q.query(`
      CREATE TRIGGER backlog_success_metric_evaluations_immutable BEFORE UPDATE OR DELETE ON backlog_success_metric_evaluations
      FOR EACH ROW EXECUTE FUNCTION backlog_success_metric_evaluations_immutable()`);
    await q.query(`
      CREATE TABLE backlog_metric_live_claims (
        item_id uuid PRIMARY KEY REFERENCES backlog_items (id),
        claimed_at timestamptz NOT NULL,
        data_version numeric(20, 0) NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backlog_metric_live_claims`);
    await q.query(`DROP TABLE backlog_success_metric_evaluations`);
    await q.query(`DROP FUNCTION backlog_success_metric_evaluations_immutable()`);
    await q.query(`DROP TABLE backlog_success_metrics`);
  }
}
