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
  {
    id: 2,
    name: 'persons: distinct ids, identity links and their conflicts',
    sql: [
      // The event's own id (user id, else anonymous id), and the person it belongs to once an
      // identity link covers that id, with the link's stream position: "as of V" compares it.
      `ALTER TABLE events ADD COLUMN distinct_id VARCHAR`,
      `ALTER TABLE events ADD COLUMN person_id VARCHAR`,
      `ALTER TABLE events ADD COLUMN person_link_seq UBIGINT`,
      `UPDATE events SET distinct_id = coalesce(user_id, anonymous_id)`,
      // distinct id → person (a root id that is never itself linked), first accepted link wins.
      `CREATE TABLE identity_links (
        project_id VARCHAR NOT NULL,
        distinct_id VARCHAR NOT NULL,
        person_id VARCHAR NOT NULL,
        stream_seq UBIGINT NOT NULL,
        event_id VARCHAR NOT NULL,
        linked_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (project_id, distinct_id)
      )`,
      // Ids that are identified: the user id of an identify call, or the target of a link.
      `CREATE TABLE identified_ids (
        project_id VARCHAR NOT NULL,
        distinct_id VARCHAR NOT NULL,
        stream_seq UBIGINT NOT NULL,
        PRIMARY KEY (project_id, distinct_id)
      )`,
      // Links refused (merging two identified persons, or an id already merged elsewhere): reported.
      `CREATE TABLE identity_conflicts (
        project_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        stream_seq UBIGINT NOT NULL,
        source_id VARCHAR NOT NULL,
        target_id VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        existing_person_id VARCHAR,
        recorded_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (project_id, event_id, source_id)
      )`,
    ],
  },
  {
    id: 3,
    name: 'saved analyses and erasures',
    sql: [
      `CREATE TABLE analyses (
        id VARCHAR PRIMARY KEY,
        project_id VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        narrative VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        query JSON NOT NULL,
        result JSON NOT NULL,
        result_digest VARCHAR NOT NULL,
        data_version UBIGINT NOT NULL,
        query_fingerprint VARCHAR NOT NULL,
        created_by VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        time_zone VARCHAR NOT NULL
      )`,
      // Every erasure of a person's events: a later reproduction of an analysis names them.
      `CREATE TABLE erasures (
        id VARCHAR PRIMARY KEY,
        project_id VARCHAR NOT NULL,
        person_id VARCHAR NOT NULL,
        distinct_ids JSON NOT NULL,
        events_erased UBIGINT NOT NULL,
        reason VARCHAR NOT NULL,
        requested_by VARCHAR NOT NULL,
        erased_at TIMESTAMPTZ NOT NULL
      )`,
    ],
  },
  {
    id: 4,
    name: 'erasures without identifiers, duplicate deliveries',
    sql: [
      // Migration 3's table kept the person id and distinct ids in clear, i.e. the very identifiers
      // an erasure removes. It was never written, so it is replaced: the person is named only by
      // sha256(projectId + '\n' + personId), as on the audit trail (docs/privacy.md).
      `DROP TABLE erasures`,
      `CREATE TABLE erasures (
        id VARCHAR PRIMARY KEY,
        project_id VARCHAR NOT NULL,
        person_hash VARCHAR NOT NULL,
        distinct_ids_count UBIGINT NOT NULL,
        events_erased UBIGINT NOT NULL,
        stream_messages_rewritten UBIGINT NOT NULL,
        stream_messages_deleted UBIGINT NOT NULL,
        rejected_messages_deleted UBIGINT NOT NULL,
        reason VARCHAR NOT NULL,
        requested_by VARCHAR NOT NULL,
        erased_at TIMESTAMPTZ NOT NULL,
        data_version_at_erasure UBIGINT NOT NULL,
        audit_published BOOLEAN NOT NULL
      )`,
      // A stored event delivered again in another stream message (a re-publication outside
      // JetStream's dedupe window): ignored by INSERT OR IGNORE, but an erasure must find that
      // message too. Written only when a batch had duplicates, so the normal path costs nothing.
      `CREATE TABLE duplicate_deliveries (
        project_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        stream_seq UBIGINT NOT NULL,
        PRIMARY KEY (project_id, event_id, stream_seq)
      )`,
    ],
  },
  {
    id: 5,
    name: 'rejected events',
    sql: [
      // One event of a valid message that the store cannot keep (it breaks the storable rule, or
      // DuckDB refused it alone): kept with its reason instead of failing its whole message. The
      // event's JSON text as received (NULL only when nested beyond what can be written back).
      `CREATE TABLE rejected_events (
        stream_seq UBIGINT NOT NULL,
        position INTEGER NOT NULL,
        project_id VARCHAR NOT NULL,
        event_id VARCHAR,
        rejected_at TIMESTAMPTZ NOT NULL,
        reason VARCHAR NOT NULL,
        event VARCHAR,
        PRIMARY KEY (stream_seq, position)
      )`,
    ],
  },
  {
    id: 6,
    name: 'actors from the request envelope',
    sql: [
      // Who saved an analysis: `created_by` keeps the display name (older rows: `token:<id>:<name>`),
      // `created_by_id` the actor id (NULL for older rows).
      `ALTER TABLE analyses ADD COLUMN created_by_id VARCHAR`,
      // Who erased: `requested_by` is now the actor id, `requested_by_name` the display name at the
      // time; the request id and trace let the outbox publish the audit action with the envelope of
      // the request that caused it, also when it publishes later (NULL for older rows).
      `ALTER TABLE erasures ADD COLUMN requested_by_name VARCHAR`,
      `ALTER TABLE erasures ADD COLUMN request_id VARCHAR`,
      `ALTER TABLE erasures ADD COLUMN traceparent VARCHAR`,
    ],
  },
];

/**
 * Staging for one transaction: the Appender writes each JetStream message's JSON once (one row
 * per message, not per event); DuckDB then unnests and types the events itself, in C++.
 */
export const STAGING_TABLE = 'message_staging';
export const CREATE_STAGING_TABLE = `CREATE TEMP TABLE IF NOT EXISTS ${STAGING_TABLE} (seq UBIGINT NOT NULL, payload VARCHAR NOT NULL)`;

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
 * position, then by position in the message, wins; an id already stored is ignored. Each event
 * gets its distinct id and, when an identity link already covers it, the link's person.
 */
export const INSERT_STAGED_EVENTS = `
  INSERT OR IGNORE INTO events (project_id, id, type, event, user_id, anonymous_id, timestamp, received_at, sent_at,
                                properties, context, stream_seq, distinct_id, person_id, person_link_seq)
  SELECT s.*, l.person_id, l.stream_seq
  FROM (
    SELECT e.projectId AS project_id, e.id, e.type, e.event, e.userId AS user_id, e.anonymousId AS anonymous_id,
           e.timestamp::TIMESTAMPTZ, e.receivedAt::TIMESTAMPTZ, e.sentAt::TIMESTAMPTZ,
           e.properties, e.context, seq, coalesce(e.userId, e.anonymousId) AS distinct_id
    FROM (
      SELECT seq, unnest(b.events) AS e, generate_subscripts(b.events, 1) AS pos
      FROM (SELECT seq, from_json(payload, '${BATCH_SHAPE}') AS b FROM ${STAGING_TABLE})
    )
    QUALIFY row_number() OVER (PARTITION BY e.projectId, e.id ORDER BY seq, pos) = 1
  ) s
  LEFT JOIN identity_links l ON l.project_id = s.project_id AND l.distinct_id = s.distinct_id`;

/** Staging of the identity links accepted in one transaction (applied to stored events). */
export const LINK_STAGING_TABLE = 'link_staging';
export const CREATE_LINK_STAGING_TABLE = `CREATE TEMP TABLE IF NOT EXISTS ${LINK_STAGING_TABLE} (
  project_id VARCHAR NOT NULL, distinct_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, stream_seq UBIGINT NOT NULL)`;

/** Events stored before their distinct id was linked now belong to the link's person (from its position on). */
export const APPLY_STAGED_LINKS = `
  UPDATE events SET person_id = l.person_id, person_link_seq = l.stream_seq
  FROM ${LINK_STAGING_TABLE} l
  WHERE events.project_id = l.project_id AND events.distinct_id = l.distinct_id AND events.person_link_seq IS NULL`;

/**
 * After a batch with duplicates: each staged event whose stored row came from another stream
 * message is a second delivery of it; its position is kept so an erasure finds that message too.
 * (A redelivery of the same message has the same position and is not recorded.)
 */
export const RECORD_DUPLICATE_DELIVERIES = `
  INSERT OR IGNORE INTO duplicate_deliveries (project_id, event_id, stream_seq)
  SELECT DISTINCT s.project_id, s.id, s.seq
  FROM (
    SELECT seq, e.projectId AS project_id, e.id
    FROM (
      SELECT seq, unnest(b.events) AS e
      FROM (SELECT seq, from_json(payload, '${JSON.stringify({ events: [{ projectId: 'VARCHAR', id: 'VARCHAR' }] })}') AS b FROM ${STAGING_TABLE})
    )
  ) s
  JOIN events ev ON ev.project_id = s.project_id AND ev.id = s.id AND ev.stream_seq <> s.seq`;
