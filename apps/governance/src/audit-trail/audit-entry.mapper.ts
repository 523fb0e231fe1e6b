import type { AuditTrailEntryDto } from '@fulcrum/contracts';
import {
  type AuditEntry,
  type JsonValue,
  auditEntryLeafHash,
  canonicalJson,
  createAuditEntry,
  hashPayload,
  hashToHex,
  sealPayload,
} from '@fulcrum/audit-log';

/** A row of `audit_entries` as the pg driver returns it (bigint as string, timestamptz as Date). */
export interface AuditEntryRow {
  seq: string | number;
  /** 1: the six-field leaf of entries from before projects; 2: also actor_name and project_id are hashed. */
  entry_version: number;
  at: Date;
  actor: string;
  actor_name: string | null;
  /** The project (v2: hashed; v1: assigned by adoption, or null). */
  project_id: string | null;
  action: string;
  subject: string;
  payload_hash: string;
  leaf_hash: string;
  payload: string | null;
  payload_salt: string | null;
  erased_at: Date | null;
}

/** One action about to be appended; `sourceMessage*` only for actions from the AUDIT stream. */
export interface ActionToSeal {
  actor: string;
  actorName: string | null;
  projectId: string | null;
  action: string;
  subject: string;
  payload: Record<string, unknown>;
  at?: Date;
  sourceMessageId?: string;
  sourceMessageHash?: string;
}

/** What gets inserted: the entry, its leaf hash, and the payload (canonical JSON text) with its salt. */
export interface SealedEntry {
  entry: AuditEntry;
  leafHash: string;
  payloadJson: string;
  salt: string;
  sourceMessageId: string | null;
  sourceMessageHash: string | null;
}

/**
 * Turns actions into v2 entries (they commit to the actor's name and the project) with seqs from
 * `firstSeq`: each payload is made plain JSON (a round trip drops `undefined` and turns Dates into
 * strings, so what is stored is exactly what is hashed), sealed with a fresh salt, and hashed; the
 * leaf hash is the library's `auditEntryLeafHash`, so exports verify with `verifyAuditExport` and
 * the CLI.
 */
export function sealActions(actions: readonly ActionToSeal[], firstSeq: number, now: Date): SealedEntry[] {
  return actions.map((action, index) => {
    const payload = toJsonValue(action.payload);
    const envelope = sealPayload(payload);
    const entry = createAuditEntry({
      v: 2,
      seq: firstSeq + index,
      at: (action.at ?? now).toISOString(),
      actor: action.actor,
      actorName: action.actorName,
      action: action.action,
      subject: action.subject,
      payloadHash: hashPayload(envelope),
      projectId: action.projectId,
    });
    return {
      entry,
      leafHash: hashToHex(auditEntryLeafHash(entry)),
      payloadJson: canonicalJson(payload),
      salt: envelope.salt,
      sourceMessageId: action.sourceMessageId ?? null,
      sourceMessageHash: action.sourceMessageHash ?? null,
    };
  });
}

/** A payload as plain JSON (throws on values JSON cannot carry, e.g. BigInt or cycles). */
export function toJsonValue(payload: Record<string, unknown>): JsonValue {
  return JSON.parse(JSON.stringify(payload)) as JsonValue;
}

/** The hashed fields of a stored entry: six for v1, nine for v2 (a v1 entry's adopted project is not among them). */
export function rowToEntry(row: AuditEntryRow): AuditEntry {
  const v1 = {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    payloadHash: row.payload_hash,
  };
  if (Number(row.entry_version) === 1) return v1;
  return { ...v1, v: 2, actorName: row.actor_name, projectId: row.project_id };
}

export function rowToDto(row: AuditEntryRow): AuditTrailEntryDto {
  return {
    v: Number(row.entry_version) === 1 ? 1 : 2,
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    actorName: row.actor_name,
    projectId: row.project_id,
    action: row.action,
    subject: row.subject,
    payloadHash: row.payload_hash,
    leafHash: row.leaf_hash,
    payload: row.payload === null ? null : (JSON.parse(row.payload) as Record<string, unknown>),
    erased: row.erased_at !== null,
  };
}

/** Whether a stored payload still matches its entry's `payloadHash` (null once erased). */
export function payloadMatchesHash(row: AuditEntryRow): boolean | null {
  if (row.payload === null || row.payload_salt === null) return null;
  return hashPayload({ payload: JSON.parse(row.payload) as JsonValue, salt: row.payload_salt }) === row.payload_hash;
}
