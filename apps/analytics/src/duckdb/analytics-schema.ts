/**
 * DuckDB schema of the analytics store, as ordered migrations (applied once each, recorded in
 * `schema_migrations`). Events keep their JetStream position (`stream_seq`) so that "as of data
 * version V" is a filter, not a copy.
 */
export const ANALYTICS_MIGRATIONS: ReadonlyArray<{ id: number; name: string; sql: string[] }> = [
  {
    id: 1,
    name: 'events and data version',
    sql: [
      `CREATE TABLE events (
        project_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        event VARCHAR NOT NULL,
        user_id VARCHAR,
        anonymous_id VARCHAR,
        timestamp TIMESTAMPTZ NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        sent_at TIMESTAMPTZ,
        properties JSON NOT NULL,
        context JSON NOT NULL,
        stream_seq UBIGINT NOT NULL,
        PRIMARY KEY (project_id, id)
      )`,
      `CREATE TABLE consumer_state (
        consumer VARCHAR PRIMARY KEY,
        applied_floor UBIGINT NOT NULL,
        applied_above JSON NOT NULL
      )`,
      `CREATE TABLE rejected_messages (
        stream_seq UBIGINT PRIMARY KEY,
        rejected_at TIMESTAMPTZ NOT NULL,
        reason VARCHAR NOT NULL,
        payload VARCHAR NOT NULL
      )`,
    ],
  },
];

/** Columns of the staging table the Appender writes to, in order (same as `events`). */
export const STAGING_TABLE = 'events_staging';
export const CREATE_STAGING_TABLE = `CREATE TEMP TABLE ${STAGING_TABLE} AS SELECT * FROM events LIMIT 0`;
