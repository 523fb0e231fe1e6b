import type { AuditProofReply, AuditTrailEntryDto } from '@fulcrum/contracts';
import type { AuditProof, AuditTrailEntry } from './audit-trail.model';
import { toJson } from './json.scalar';

export function toAuditTrailEntry(e: AuditTrailEntryDto): AuditTrailEntry {
  return {
    v: e.v,
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    actorName: e.actorName,
    projectId: e.projectId,
    action: e.action,
    subject: e.subject,
    payloadHash: e.payloadHash,
    leafHash: e.leafHash,
    payload: e.payload === null ? null : toJson(e.payload, 'payload', 0),
    erased: e.erased,
  };
}

export function toAuditProof(p: AuditProofReply): AuditProof {
  return { entry: toAuditTrailEntry(p.entry), treeHead: p.treeHead, inclusion: p.inclusion, consistency: p.consistency };
}
