import type { AuditActionMessageV2 } from '@fulcrum/contracts';
import type { RequestEnvelope } from '@fulcrum/messaging';

/** An activity row as the outbox reads it back (with the item's key, for readers of the trail). */
export interface StoredActivity {
  id: string;
  projectId: string;
  itemId: string | null;
  /** `<PROJECT-KEY>-<n>`; null for project-level changes. */
  itemKey: string | null;
  action: string;
  changes: unknown[];
  detail: Record<string, unknown>;
  actor: string;
  actorName: string | null;
  requestId: string;
  traceparent: string;
  occurredAt: Date;
}

/** The trail subject: the item (`backlog-item:<id>`), or the track for a project-level change. */
export function auditSubject(a: StoredActivity): string {
  if (a.itemId !== null) return `backlog-item:${a.itemId}`;
  const track = typeof a.detail['track'] === 'string' ? a.detail['track'] : 'unknown';
  return `backlog-track:${a.projectId}:${track}`;
}

/**
 * The audit action of an activity row (v2: who acted travels in the envelope). Built from the
 * stored row only, so a re-publication after a crash is the same message (governance refuses the
 * same id with different content).
 */
export function backlogAuditMessage(a: StoredActivity): AuditActionMessageV2 {
  return {
    v: 2,
    id: a.id,
    at: a.occurredAt.toISOString(),
    action: a.action,
    subject: auditSubject(a),
    payload: { projectId: a.projectId, itemId: a.itemId, itemKey: a.itemKey, changes: a.changes, detail: a.detail },
  };
}

/** The envelope of the request that made the change, rebuilt from the row: actor, name, project, request id, trace. */
export function backlogAuditEnvelope(a: StoredActivity): RequestEnvelope {
  return {
    actorId: a.actor,
    ...(a.actorName !== null && { actorName: a.actorName }),
    projectId: a.projectId,
    requestId: a.requestId,
    traceparent: a.traceparent,
  };
}
