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
  at: Date;
  actor: string;
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
 * Turns actions into entries with seqs from `firstSeq`: each payload is made plain JSON (a round
 * trip drops `undefined` and turns Dates into strings, so what is stored is exactly what is
 * hashed), sealed with a fresh salt, and hashed; the leaf hash is the library's
 * `auditEntryLeafHash`, so exports verify with `verifyAuditExport` and the CLI.
 */
export function sealActions(actions: readonly ActionToSeal[], firstSeq: number, now: Date): SealedEntry[] {
  return actions.map((action, index) => {
    const payload = toJsonValue(action.payload);
    const envelope = sealPayload(payload);
    const entry = createAuditEntry({
      seq: firstSeq + index,
      at: (action.at ?? now).toISOString(),
      actor: action.actor,
      action: action.action,
      subject: action.subject,
      payloadHash: hashPayload(envelope),
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

/** The six hashed fields of a stored entry. */
export function rowToEntry(row: AuditEntryRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    payloadHash: row.payload_hash,
  };
}

export function rowToDto(row: AuditEntryRow): AuditTrailEntryDto {
  return {
    ...rowToEntry(row),
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
