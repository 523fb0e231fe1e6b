import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson, canonicalJsonBytes, type JsonValue } from './canonical-json';
import { hashLeaf } from './merkle-hash';
import { isTreeSize } from './node-hash-source';

/**
 * One governance action in the audit log. Its leaf is the UTF-8 canonical JSON (RFC 8785) of
 * exactly its hashed fields; nothing else is hashed. Two formats live in one log, told apart by `v`:
 *
 * - **v1** (no `v` field; every entry written before projects): the six fields `seq`, `at`,
 *   `actor`, `action`, `subject`, `payloadHash`. Their leaves never change, so old proofs and
 *   exports keep verifying.
 * - **v2** (`v: 2`): the six fields plus `v`, `actorName` (the actor's display name when it acted,
 *   or null) and `projectId` (the project the action belongs to, or null for an instance-level
 *   action). The project and the name are then part of what the signed root commits to.
 *
 * The action's payload (a decision's attributes, a model version's metadata, …) is NOT in the
 * leaf: only `payloadHash`, the SHA-256 of the payload's salted envelope (see
 * {@link sealPayload}). The payload and its salt live outside the log, so erasing a decision's
 * personal data (GDPR Art. 17) deletes them and leaves every leaf, root, proof and signed tree
 * head intact and verifiable; the erased payload can no longer be confirmed by guessing, because
 * its random salt went with it.
 */
export interface AuditEntry {
  /**
   * Entry format: absent (or 1, as an API may show it) for v1, whose leaf hashes the six fields; 2 for
   * entries that also commit to actorName and projectId. A v1 leaf never contains `v`.
   */
  readonly v?: 1 | 2;
  /** Position in the log, 0-based: equal to the leaf index. */
  readonly seq: number;
  /** When the action was appended: `Date.prototype.toISOString()` form, UTC, milliseconds. */
  readonly at: string;
  /** Who did it: a user id or a service principal, e.g. `user:42`, `service:ingest`. */
  readonly actor: string;
  /** v2: the actor's display name at the time (null when the actor has none, e.g. a service). */
  readonly actorName?: string | null;
  /** What was done, dotted lowercase, e.g. `model.registered`, `alias.moved`, `audit.overridden`. */
  readonly action: string;
  /** What it was done to, e.g. `model-version:7f3c…`, `decision-batch:…`. */
  readonly subject: string;
  /** `sha256:` + 64 lowercase hex: SHA-256 of the canonical JSON of the payload envelope. */
  readonly payloadHash: string;
  /** v2: the project the action belongs to, or null for an instance-level action. */
  readonly projectId?: string | null;
}

/** The payload of an entry with the random salt that makes its hash unguessable. Kept off-log. */
export interface PayloadEnvelope {
  /** 128 random bits, hex. Erased together with the payload. */
  readonly salt: string;
  readonly payload: JsonValue;
}

/** The fields of a v1 entry, in canonical (sorted) order. */
export const AUDIT_ENTRY_FIELDS = ['action', 'actor', 'at', 'payloadHash', 'seq', 'subject'] as const;

/** The fields of a v2 entry, in canonical (sorted) order. */
export const AUDIT_ENTRY_V2_FIELDS = ['action', 'actor', 'actorName', 'at', 'payloadHash', 'projectId', 'seq', 'subject', 'v'] as const;

/** Longest display name and project id a v2 entry holds. */
const MAX_V2_TEXT = 1_000;

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
 * fields of v1, or exactly the nine fields of v2 (`v: 2`), no others.
 */
export function auditEntryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const record = value as Record<string, unknown>;
  const isV2 = 'v' in record;
  if (isV2 && record['v'] !== 2) return 'v is not 2 (the only entry version with a `v` field)';
  const allowed: readonly string[] = isV2 ? AUDIT_ENTRY_V2_FIELDS : AUDIT_ENTRY_FIELDS;
  const extra = Object.keys(record).filter((key) => !allowed.includes(key));
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
  if (isV2) {
    for (const field of ['actorName', 'projectId'] as const) {
      if (!(field in record)) return `${field} is missing (a v2 entry has it, null when there is none)`;
      const text = record[field];
      if (text !== null && (typeof text !== 'string' || text.length === 0 || text.length > MAX_V2_TEXT)) {
        return `${field} is neither null nor a string of 1 to ${MAX_V2_TEXT} characters`;
      }
    }
  }
  return undefined;
}

/** Validates the fields and returns a frozen entry holding exactly them (v2 fields only when `v` is 2). */
export function createAuditEntry(fields: AuditEntry): AuditEntry {
  const entry = hashedFields(fields) as unknown as AuditEntry;
  const problem = auditEntryProblem(entry);
  if (problem !== undefined) throw new TypeError(`audit entry ${problem}`);
  return Object.freeze(entry);
}

/** The canonical JSON text of an entry (only its hashed fields). */
export function auditEntryCanonicalJson(entry: AuditEntry): string {
  return canonicalJson(hashedFields(entry));
}

/** The leaf data: UTF-8 bytes of the entry's canonical JSON. */
export function auditEntryLeafData(entry: AuditEntry): Buffer {
  return Buffer.from(auditEntryCanonicalJson(entry), 'utf8');
}

/** The leaf hash: SHA-256(0x00 ‖ canonical JSON of the entry). */
export function auditEntryLeafHash(entry: AuditEntry): Buffer {
  return hashLeaf(auditEntryLeafData(entry));
}

/** Exactly the fields the leaf commits to: six for v1, nine for v2 (an absent v2 field hashes as null). */
function hashedFields(entry: AuditEntry): { [key: string]: JsonValue } {
  const v1 = { seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject, payloadHash: entry.payloadHash };
  if (entry.v !== 2) return v1;
  return { ...v1, v: 2, actorName: entry.actorName ?? null, projectId: entry.projectId ?? null };
}
