import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requireEnvelope } from '@fulcrum/messaging';
import type { ItemAction } from './backlog-action';

/** One changed field: old and new as JSON (null for "none"). */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface ItemActivityEntry {
  projectId: string;
  itemId: string;
  action: ItemAction;
  changes?: FieldChange[];
  /** What else the entry needs to be understood on its own (a link's other item, an override reason…). */
  detail?: Record<string, unknown>;
}

/**
 * Writes activity rows in the caller's transaction, so a change and its record commit together or
 * not at all. Who acted (actor, display name), the request id and trace come from the request
 * envelope, never from a payload; outside a request `requireEnvelope` throws ACTOR_MISSING, so
 * nothing is recorded as done by nobody. Rows start unpublished: after the commit the caller tells
 * the outbox (`BacklogTransactionRunner` does it for you, or `BacklogAuditOutbox.notifyCommitted()`).
 */
@Injectable()
export class ItemActivityRecorder {
  /** Returns the activity id (also the audit action's id on the trail). */
  record(manager: EntityManager, entry: ItemActivityEntry): Promise<string> {
    return insertActivity(manager, { ...entry, itemId: entry.itemId });
  }

  /** A project-level change (no item), e.g. a track's estimate scale; `detail.track` names the track. */
  recordTrackChange(manager: EntityManager, entry: { projectId: string; changes: FieldChange[]; detail: { track: string } & Record<string, unknown> }): Promise<string> {
    return insertActivity(manager, { ...entry, itemId: null, action: 'track.settings-changed' });
  }
}

/** The columns of an activity row, in the order `activityRowValues` gives their values. */
export const ACTIVITY_COLUMNS = 'id, project_id, item_id, action, changes, detail, actor, actor_name, request_id, traceparent, occurred_at';

/**
 * The values of one activity row (ACTIVITY_COLUMNS; `changes` and `detail` as JSON text for
 * `::jsonb`), with who acted from the request envelope. For a statement that writes the row
 * together with the change itself (a link addition is one statement); `record` writes it alone.
 */
export function activityRowValues(entry: { projectId: string; itemId: string | null; action: string; changes?: FieldChange[]; detail?: Record<string, unknown> }): ActivityRowValues {
  const envelope = requireEnvelope();
  const name = envelope.actorName?.trim();
  return [
    randomUUID(),
    entry.projectId,
    entry.itemId,
    entry.action,
    // undefined would vanish from JSON: a field that had no value had null.
    JSON.stringify((entry.changes ?? []).map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null }))),
    JSON.stringify(entry.detail ?? {}),
    envelope.actorId,
    name ? name : null,
    envelope.requestId,
    envelope.traceparent,
    new Date(),
  ];
}

/** id, project id, item id, action, changes (JSON), detail (JSON), actor, actor name, request id, traceparent, occurred at. */
export type ActivityRowValues = [string, string, string | null, string, string, string, string, string | null, string, string, Date];

async function insertActivity(
  manager: EntityManager,
  entry: { projectId: string; itemId: string | null; action: string; changes?: FieldChange[]; detail?: Record<string, unknown> },
): Promise<string> {
  const values = activityRowValues(entry);
  await manager.query(
    `INSERT INTO backlog_activity (${ACTIVITY_COLUMNS})
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11)`,
    values,
  );
  return values[0];
}
