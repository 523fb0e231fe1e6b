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

/**
 * Staging for one transaction: the Appender writes each JetStream message's JSON once (one row
 * per message, not per event); DuckDB then unnests and types the events itself, in C++.
 */
export const STAGING_TABLE = 'message_staging';
export const CREATE_STAGING_TABLE = `CREATE TEMP TABLE ${STAGING_TABLE} (seq UBIGINT NOT NULL, payload VARCHAR NOT NULL)`;

/** DuckDB's JSON shape of an `EventBatchMessage` (validated in JS before it is staged). */
const BATCH_SHAPE = JSON.stringify({
  events: [
    {
      projectId: 'VARCHAR',
      id: 'VARCHAR',
      type: 'VARCHAR',
      event: 'VARCHAR',
      userId: 'VARCHAR',
      anonymousId: 'VARCHAR',
      timestamp: 'VARCHAR',
      receivedAt: 'VARCHAR',
      sentAt: 'VARCHAR',
      properties: 'JSON',
      context: 'JSON',
    },
  ],
});

/**
 * Staged messages → `events`, once per (project, event id): the first occurrence by stream
 * position, then by position in the message, wins; an id already stored is ignored.
 */
export const INSERT_STAGED_EVENTS = `
  INSERT OR IGNORE INTO events
  SELECT e.projectId, e.id, e.type, e.event, e.userId, e.anonymousId,
         e.timestamp::TIMESTAMPTZ, e.receivedAt::TIMESTAMPTZ, e.sentAt::TIMESTAMPTZ,
         e.properties, e.context, seq
  FROM (
    SELECT seq, unnest(b.events) AS e, generate_subscripts(b.events, 1) AS pos
    FROM (SELECT seq, from_json(payload, '${BATCH_SHAPE}') AS b FROM ${STAGING_TABLE})
  )
  QUALIFY row_number() OVER (PARTITION BY e.projectId, e.id ORDER BY seq, pos) = 1`;
