/** The table the governance service logs decisions in; `buildGroupCountsQuery` reads it. */
export const DECISIONS_TABLE_NAME = 'decisions';

/**
 * The decision log's shape: the contract between this lib's SQL and the governance service's
 * migration (which must create exactly these columns), also used as is by this lib's tests.
 *
 * | column           | type             | meaning                                                         |
 * | ---------------- | ---------------- | --------------------------------------------------------------- |
 * | decision_id      | text PK          | the caller's id; recording is idempotent by it                  |
 * | model_version_id | uuid             | the model version that made the decision                        |
 * | subject_ref      | text             | a pseudonym of the person decided about (never a direct id)     |
 * | occurred_at      | timestamptz      | when the decision was made; reports filter on `[from, to)`      |
 * | purpose          | text             | the purpose it was made for (GDPR Art. 5(1)(b))                 |
 * | outcome          | text NOT NULL    | the model's output label, compared verbatim (case-sensitive)    |
 * | score            | double precision | the model's score, when it has one                              |
 * | ground_truth     | text             | the true label once known (`recordOutcomes`); NULL = unlabeled  |
 * | attributes       | jsonb NOT NULL   | protected attributes for auditing, e.g. `{"sex":"Female"}`      |
 *
 * `attributes` is a JSON object; a report reads each requested attribute with `attributes ->> name`,
 * so a missing key and a JSON `null` both yield SQL NULL (the "missing" group), and non-string
 * values are grouped by their JSON text (`25`, `true`). The index serves the report's filter.
 * Several statements: run it as a simple (unparameterised) query.
 */
export const DECISIONS_TABLE_DDL = `CREATE TABLE decisions (
  decision_id text PRIMARY KEY,
  model_version_id uuid,
  subject_ref text,
  occurred_at timestamptz,
  purpose text,
  outcome text NOT NULL,
  score double precision,
  ground_truth text,
  attributes jsonb NOT NULL
);
CREATE INDEX decisions_model_version_occurred_at_idx ON decisions (model_version_id, occurred_at);`;
