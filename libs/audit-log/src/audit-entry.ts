import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson, canonicalJsonBytes, type JsonValue } from './canonical-json';
import { hashLeaf } from './merkle-hash';
import { isTreeSize } from './node-hash-source';

/**
 * One governance action in the audit log. Its leaf is the UTF-8 canonical JSON (RFC 8785) of
 * exactly these six fields; nothing else is hashed.
 *
 * The action's payload (a decision's attributes, a model version's metadata, …) is NOT in the
 * leaf: only `payloadHash`, the SHA-256 of the payload's salted envelope (see
 * {@link sealPayload}). The payload and its salt live outside the log, so erasing a decision's
 * personal data (GDPR Art. 17) deletes them and leaves every leaf, root, proof and signed tree
 * head intact and verifiable; the erased payload can no longer be confirmed by guessing, because
 * its random salt went with it.
 */
export interface AuditEntry {
  /** Position in the log, 0-based: equal to the leaf index. */
  readonly seq: number;
  /** When the action was appended: `Date.prototype.toISOString()` form, UTC, milliseconds. */
  readonly at: string;
  /** Who did it: a user id or a service principal, e.g. `user:42`, `service:ingest`. */
  readonly actor: string;
  /** What was done, dotted lowercase, e.g. `model.registered`, `alias.moved`, `audit.overridden`. */
  readonly action: string;
  /** What it was done to, e.g. `model-version:7f3c…`, `decision-batch:…`. */
  readonly subject: string;
  /** `sha256:` + 64 lowercase hex: SHA-256 of the canonical JSON of the payload envelope. */
  readonly payloadHash: string;
}

/** The payload of an entry with the random salt that makes its hash unguessable. Kept off-log. */
export interface PayloadEnvelope {
  /** 128 random bits, hex. Erased together with the payload. */
  readonly salt: string;
  readonly payload: JsonValue;
}

/** The fields of an entry, in canonical (sorted) order. */
export const AUDIT_ENTRY_FIELDS = ['action', 'actor', 'at', 'payloadHash', 'seq', 'subject'] as const;

const PAYLOAD_HASH = /^sha256:[0-9a-f]{64}$/;

/** True for `Date.prototype.toISOString()` output, e.g. `2025-03-01T09:30:00.000Z`. */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 30) return false;
  const time = Date.parse(value);
  return Number.isFinite(time) && new Date(time).toISOString() === value;
}

/** Wraps a payload with a fresh random salt (or the given one). */
export function sealPayload(payload: JsonValue, salt: string = randomBytes(16).toString('hex')): PayloadEnvelope {
  return { salt, payload };
}

/** `sha256:` + hex SHA-256 of the canonical JSON of `{ payload, salt }`. */
export function hashPayload(envelope: PayloadEnvelope): string {
  const bytes = canonicalJsonBytes({ payload: envelope.payload, salt: envelope.salt });
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Why `value` is not a well-formed audit entry, or `undefined` when it is. Strict: exactly the six
 * fields, no others.
 */
export function auditEntryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !(AUDIT_ENTRY_FIELDS as readonly string[]).includes(key));
  if (extra.length > 0) return `has unexpected field(s) ${extra.join(', ')}`;
  if (!isTreeSize(record['seq'])) return 'seq is not a non-negative integer';
  if (!isIsoTimestamp(record['at'])) return 'at is not an ISO-8601 UTC timestamp (toISOString form)';
  for (const field of ['actor', 'action', 'subject'] as const) {
    const text = record[field];
    if (typeof text !== 'string' || text.length === 0) return `${field} is not a non-empty string`;
  }
  if (typeof record['payloadHash'] !== 'string' || !PAYLOAD_HASH.test(record['payloadHash'])) {
    return 'payloadHash is not sha256:<64 lowercase hex>';
  }
  return undefined;
}

/** Validates the fields and returns a frozen entry holding exactly them. */
export function createAuditEntry(fields: AuditEntry): AuditEntry {
  const entry: AuditEntry = {
    seq: fields.seq,
    at: fields.at,
    actor: fields.actor,
    action: fields.action,
    subject: fields.subject,
    payloadHash: fields.payloadHash,
  };
  const problem = auditEntryProblem(entry);
  if (problem !== undefined) throw new TypeError(`audit entry ${problem}`);
  return Object.freeze(entry);
}

/** The canonical JSON text of an entry (only the six fields). */
export function auditEntryCanonicalJson(entry: AuditEntry): string {
  return canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    payloadHash: entry.payloadHash,
  });
}

/** The leaf data: UTF-8 bytes of the entry's canonical JSON. */
export function auditEntryLeafData(entry: AuditEntry): Buffer {
  return Buffer.from(auditEntryCanonicalJson(entry), 'utf8');
}

/** The leaf hash: SHA-256(0x00 ‖ canonical JSON of the entry). */
export function auditEntryLeafHash(entry: AuditEntry): Buffer {
  return hashLeaf(auditEntryLeafData(entry));
}
