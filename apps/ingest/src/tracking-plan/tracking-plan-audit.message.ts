import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditActionMessageV2, TrackingPlanChangeDto, TrackingPlanDocumentDto, TrackingPlanMode } from '@fulcrum/contracts';
import type { RequestEnvelope } from '@fulcrum/messaging';
import type { PlanAuditRow } from './tracking-plan.repository';

/** The audit actions of the tracking plan (governance files them on the project's trail). */
export const TRACKING_PLAN_AUDIT_ACTIONS = {
  published: 'tracking-plan.published',
  modeChanged: 'tracking-plan.mode-changed',
} as const;

/** The trail subject of a project's plan. */
export function trackingPlanAuditSubject(projectId: string): string {
  return `tracking-plan:${projectId}`;
}

/**
 * What a publish puts on the trail: the version, what it was based on, the note, the SHA-256 of
 * the document's canonical JSON (RFC 8785; the stored version's document hashes to it) and every
 * definition that changed (those with kind NONE are left out; the stored version has them all).
 */
export function publishedPayload(input: {
  projectId: string;
  version: number;
  basedOnVersion: number | null;
  note: string | null;
  document: TrackingPlanDocumentDto;
  changes: readonly TrackingPlanChangeDto[];
}): Record<string, unknown> {
  return {
    projectId: input.projectId,
    version: input.version,
    basedOnVersion: input.basedOnVersion,
    note: input.note,
    documentSha256: documentDigest(input.document),
    events: input.document.events.length,
    changes: input.changes.filter((c) => c.kind !== 'NONE').map(({ event, from, to, kind }) => ({ event, from, to, kind })),
  };
}

export function modeChangedPayload(projectId: string, from: TrackingPlanMode, to: TrackingPlanMode): Record<string, unknown> {
  return { projectId, from, to };
}

/** `sha256:<hex>` of the document's canonical JSON. */
export function documentDigest(document: TrackingPlanDocumentDto): string {
  return `sha256:${createHash('sha256').update(canonicalize(document) ?? 'null', 'utf8').digest('hex')}`;
}

/**
 * The AUDIT stream message of an outbox row (v2: who acted travels in the envelope). Built from
 * the stored row only, so publishing it again after a crash sends the same message (governance
 * refuses an id it has with different content).
 */
export function trackingPlanAuditMessage(row: PlanAuditRow): AuditActionMessageV2 {
  return { v: 2, id: row.id, at: row.occurredAt.toISOString(), action: row.action, subject: row.subject, payload: row.payload };
}

/** The envelope of the request that made the change, rebuilt from the row. */
export function trackingPlanAuditEnvelope(row: PlanAuditRow): RequestEnvelope {
  return {
    actorId: row.actor,
    ...(row.actorName !== null && { actorName: row.actorName }),
    projectId: row.projectId,
    requestId: row.requestId,
    traceparent: row.traceparent,
  };
}
