import type { DuckDBConnection } from '@duckdb/node-api';
import type { EventType } from '@fulcrum/contracts';
import { mentionsIdAsJsonString, namesErasedId, rawProjectId } from './erased-ids';

/** Everything an erasure removes, found in DuckDB before anything is touched. */
export interface ErasurePlan {
  projectId: string;
  /** The person (the root id of the identity map) the distinct id belongs to. */
  personId: string;
  /** The person's distinct ids: every id linked to the person, and the person id itself. */
  ids: ReadonlySet<string>;
  /** Ids of the events to erase (project-scoped). */
  eventIds: ReadonlySet<string>;
  /** Stream positions holding those events: where they were stored from, and later duplicate deliveries. */
  eventSeqs: readonly number[];
  /** Rejected (never applied) messages that mention one of the ids: deleted whole. */
  rejectedSeqs: readonly number[];
  /** Events set aside alone (`rejected_events`) that mention one of the ids: deleted (their stream messages are in `eventSeqs`). */
  rejectedEvents: ReadonlyArray<{ seq: number; position: number }>;
}

const ID_LIST = `(SELECT unnest(from_json(CAST($2 AS VARCHAR), '["VARCHAR"]')))`;

/**
 * Reads what erasing `distinctId`'s person takes. Undefined when nothing in the project names the
 * id: no event, no identity link and no rejected message (→ NOT_FOUND). Runs on the writer
 * connection inside the event store's exclusive section, so no batch lands meanwhile.
 */
export async function readErasurePlan(c: DuckDBConnection, projectId: string, distinctId: string): Promise<ErasurePlan | undefined> {
  const linked = (await c.runAndReadAll(`SELECT person_id FROM identity_links WHERE project_id = $1 AND distinct_id = $2`, [projectId, distinctId])).getRowObjectsJS();
  const personId = linked[0] ? String(linked[0]['person_id']) : distinctId;
  const ids = new Set([personId, distinctId]);
  const links = (await c.runAndReadAll(`SELECT distinct_id FROM identity_links WHERE project_id = $1 AND person_id = $2`, [projectId, personId])).getRowObjectsJS();
  for (const r of links) ids.add(String(r['distinct_id']));
  const idList = JSON.stringify([...ids]);

  // A superset in SQL (the ids' own events, and every alias event: aliases are rare and their
  // link lives in properties), decided in JS by the same rules the identity map uses.
  const rows = (
    await c.runAndReadAll(
      `SELECT id, stream_seq, type, user_id, anonymous_id, person_id, distinct_id,
              CASE WHEN type = 'alias' THEN CAST(properties AS VARCHAR) END AS alias_properties
       FROM events
       WHERE project_id = $1
         AND (person_id IN ${ID_LIST} OR distinct_id IN ${ID_LIST} OR user_id IN ${ID_LIST} OR anonymous_id IN ${ID_LIST} OR type = 'alias')`,
      [projectId, idList],
    )
  ).getRowObjectsJS();
  const eventIds = new Set<string>();
  const seqs = new Set<number>();
  for (const r of rows) {
    const personNow = r['person_id'] ?? r['distinct_id'];
    const event = {
      id: String(r['id']),
      projectId,
      type: String(r['type']) as EventType,
      userId: optional(r['user_id']),
      anonymousId: optional(r['anonymous_id']),
      properties: r['alias_properties'] === null ? {} : (JSON.parse(String(r['alias_properties'])) as Record<string, unknown>),
    };
    if (personNow === personId || namesErasedId(event, ids)) {
      eventIds.add(event.id);
      seqs.add(Number(r['stream_seq']));
    }
  }
  if (eventIds.size > 0) {
    const duplicates = (
      await c.runAndReadAll(`SELECT DISTINCT stream_seq FROM duplicate_deliveries WHERE project_id = $1 AND event_id IN ${ID_LIST}`, [
        projectId,
        JSON.stringify([...eventIds]),
      ])
    ).getRowObjectsJS();
    for (const r of duplicates) seqs.add(Number(r['stream_seq']));
  }

  const rejectedSeqs = await rejectedMentioning(c, projectId, ids);
  const rejectedEvents = await rejectedEventsMentioning(c, projectId, ids);
  for (const r of rejectedEvents) seqs.add(r.seq);
  if (links.length === 0 && linked.length === 0 && eventIds.size === 0 && rejectedSeqs.length === 0 && rejectedEvents.length === 0) return undefined;
  return { projectId, personId, ids, eventIds, eventSeqs: [...seqs].sort((a, b) => a - b), rejectedSeqs, rejectedEvents };
}

/**
 * Events set aside alone: those of the project whose JSON mentions an id as a string (the event
 * could not be stored, so its identity fields may be unreadable; the text is searched like a
 * rejected message's). An event kept without its text (nested too deep to copy) is found by the
 * stream redaction of its message only.
 */
async function rejectedEventsMentioning(c: DuckDBConnection, projectId: string, ids: ReadonlySet<string>): Promise<Array<{ seq: number; position: number }>> {
  const rows = (
    await c.runAndReadAll(
      `SELECT DISTINCT r.stream_seq, r.position, r.event
       FROM rejected_events r, (SELECT unnest(from_json(CAST($2 AS VARCHAR), '["VARCHAR"]')) AS id) i
       WHERE r.project_id = $1 AND contains(r.event, i.id)`,
      [projectId, JSON.stringify([...ids])],
    )
  ).getRowObjectsJS();
  return rows
    .filter((r) => mentionsIdAsJsonString(String(r['event']), ids))
    .map((r) => ({ seq: Number(r['stream_seq']), position: Number(r['position']) }))
    .sort((a, b) => a.seq - b.seq || a.position - b.position);
}

/**
 * Rejected messages carry no project column (they may not even be JSON): a message counts when it
 * mentions an id as a JSON string and does not name another project.
 */
async function rejectedMentioning(c: DuckDBConnection, projectId: string, ids: ReadonlySet<string>): Promise<number[]> {
  const rows = (
    await c.runAndReadAll(
      `SELECT DISTINCT r.stream_seq, r.payload
       FROM rejected_messages r, (SELECT unnest(from_json(CAST($1 AS VARCHAR), '["VARCHAR"]')) AS id) i
       WHERE contains(r.payload, i.id)`,
      [JSON.stringify([...ids])],
    )
  ).getRowObjectsJS();
  return rows
    .filter((r) => {
      const payload = String(r['payload']);
      const project = rawProjectId(payload);
      return (project === undefined || project === projectId) && mentionsIdAsJsonString(payload, ids);
    })
    .map((r) => Number(r['stream_seq']))
    .sort((a, b) => a - b);
}

function optional(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}
