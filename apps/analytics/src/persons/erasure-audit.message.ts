import { createHash } from 'node:crypto';
import { type AuditActionMessage } from '@fulcrum/contracts';
import { type RequestEnvelope, isActorId, isRequestId, newRequestId, newTraceparent } from '@fulcrum/messaging';

/** How the erasure record and the audit trail name the erased person: never by an id. */
export function personHash(projectId: string, personId: string): string {
  return createHash('sha256').update(`${projectId}\n${personId}`).digest('hex');
}

/** An erasure as recorded in `erasures` (no identifier of the person). */
export interface ErasureRecord {
  id: string;
  projectId: string;
  personHash: string;
  distinctIds: number;
  eventsErased: number;
  streamMessagesRewritten: number;
  streamMessagesDeleted: number;
  rejectedMessagesDeleted: number;
  reason: string;
  /** The actor id of who asked (the request envelope's; older records: `token:<id>:<name>`). */
  requestedBy: string;
  /** Their display name at the time (absent for older records and nameless actors). */
  requestedByName?: string;
  /** The request id and trace of the erasure request: the audit action is published with them (absent for older records). */
  requestId?: string;
  traceparent?: string;
  /** ISO-8601 UTC with milliseconds. */
  erasedAt: string;
  dataVersion: number;
}

/**
 * The `person.erased` audit action of an erasure. Built from the stored record only, so a
 * re-publication after a crash is byte-for-byte the same message (governance refuses the same id
 * with different content).
 */
export function erasureAuditMessage(r: ErasureRecord): AuditActionMessage {
  // Who asked travels in the envelope (v2). A record from before actor ids (`token:<id>:<name>`) keeps
  // the v1 message it may already have been published as, so a re-publication stays byte-identical.
  const common = {
    id: r.id,
    at: r.erasedAt,
    action: 'person.erased',
    subject: `person:${r.personHash}`,
    payload: {
      projectId: r.projectId,
      erasureId: r.id,
      distinctIds: r.distinctIds,
      eventsErased: r.eventsErased,
      streamMessagesRewritten: r.streamMessagesRewritten,
      streamMessagesDeleted: r.streamMessagesDeleted,
      rejectedMessagesDeleted: r.rejectedMessagesDeleted,
      reason: r.reason,
    },
  };
  return isActorId(r.requestedBy) ? { v: 2, ...common } : { v: 1, ...common, actor: r.requestedBy };
}

/**
 * The envelope the `person.erased` action is published with: the erasure request's (actor, display
 * name, project, request id, trace), rebuilt from the record, so a re-publication after a crash or a
 * retry carries the same. An older record without an actor id is published as `service:analytics`.
 */
export function erasureAuditEnvelope(r: ErasureRecord): RequestEnvelope {
  const known = isActorId(r.requestedBy);
  return {
    actorId: known ? r.requestedBy : 'service:analytics',
    ...(known && r.requestedByName !== undefined && { actorName: r.requestedByName }),
    projectId: r.projectId,
    requestId: r.requestId !== undefined && isRequestId(r.requestId) ? r.requestId : newRequestId(),
    traceparent: r.traceparent ?? newTraceparent(),
  };
}
