import { createHash } from 'node:crypto';
import { type AuditActionMessage } from '@fulcrum/contracts';

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
  requestedBy: string;
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
  return {
    v: 1,
    id: r.id,
    at: r.erasedAt,
    actor: r.requestedBy,
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
}
