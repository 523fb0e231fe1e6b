import { type Static, Type } from '@sinclair/typebox';
import { closedObject, emptyObject, jsonObject, nullable, uuid } from '../json-schema/json-schema.builders';
import { type Page, pageRequestProperties } from '../pagination/page';
import { GOVERNANCE_LIMITS, GOVERNANCE_PAGES } from './governance.enums';

/**
 * One audit-trail entry. The leaf hash commits to `seq, at, actor, action, subject, payloadHash`
 * for `v: 1` entries (written before projects), and to those plus `v, actorName, projectId` for
 * `v: 2` entries (`@fulcrum/audit-log` AuditEntry).
 */
export interface AuditTrailEntryDto {
  /** Entry format: 1 (six hashed fields) or 2 (also actorName and projectId are hashed). */
  v: 1 | 2;
  seq: number;
  at: string;
  /** The actor id, e.g. `user:<uuid>`, `service:ingest` (older entries: `token:<id>:<name>`). */
  actor: string;
  /** The actor's display name when it acted (v2; null for v1 entries and nameless actors). */
  actorName: string | null;
  /**
   * The project the entry belongs to; null for instance-level actions. For v2 entries it is hashed;
   * for v1 entries it was assigned when the installation's rows were adopted into a project.
   */
  projectId: string | null;
  action: string;
  subject: string;
  /** `sha256:` hex of the salted payload (what the leaf commits to). */
  payloadHash: string;
  /** Hex SHA-256 leaf hash (RFC 6962: SHA-256(0x00 ‖ canonical JSON of the entry)). */
  leafHash: string;
  /** The payload, or null after erasure (the entry and its hash stay). */
  payload: Record<string, unknown> | null;
  erased: boolean;
}

export interface SignedTreeHeadDto {
  treeSize: number;
  /** Hex SHA-256 Merkle tree hash. */
  rootHash: string;
  timestamp: string;
  /** Base64 Ed25519 signature over the tree head's signing input. */
  signature: string;
  /** Hex SHA-256 fingerprint of the public key's SPKI DER. */
  keyId: string;
}

/** The project's entries, oldest first (by seq): page size default 100, at most GOVERNANCE_PAGES.auditTrail.max. */
export const auditTrailPageRequestSchema = closedObject({ projectId: uuid(), ...pageRequestProperties(GOVERNANCE_PAGES.auditTrail.max) });
export type AuditTrailPageRequest = Static<typeof auditTrailPageRequestSchema>;
export type AuditTrailPageReply = Page<AuditTrailEntryDto>;

/** Proof of an entry of the project (AUDIT_ENTRY_NOT_FOUND for an entry of another project, as for none). */
export const auditProofRequestSchema = closedObject({
  projectId: uuid(),
  seq: Type.Integer({ minimum: 0 }),
  /** Prove inclusion in the tree of this size (default: current size). */
  treeSize: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
  /** Also prove consistency from this earlier size to treeSize. */
  fromTreeSize: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
});
export type AuditProofRequest = Static<typeof auditProofRequestSchema>;
export interface InclusionProofDto {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  /** Hex hashes, leaf to root (RFC 9162 §2.1.3). */
  path: string[];
}
export interface ConsistencyProofDto {
  fromSize: number;
  toSize: number;
  path: string[];
}
export interface AuditProofReply {
  entry: AuditTrailEntryDto;
  treeHead: SignedTreeHeadDto;
  inclusion: InclusionProofDto;
  consistency: ConsistencyProofDto | null;
}

export const auditPublicKeyRequestSchema = emptyObject();
export type AuditPublicKeyRequest = Static<typeof auditPublicKeyRequestSchema>;
export interface AuditPublicKeyReply {
  /** SPKI PEM of the Ed25519 key signing tree heads. */
  publicKeyPem: string;
  keyId: string;
}

/** The whole tree (instance admins); the caller is the envelope's actor. */
export const exportAuditTrailRequestSchema = emptyObject();
export type ExportAuditTrailRequest = Static<typeof exportAuditTrailRequestSchema>;
export interface ExportAuditTrailReply {
  /** The `fulcrum.audit-export.v1` document (entries, signed head, public key); `fulcrum audit verify` checks it offline. */
  export: Record<string, unknown>;
}

/**
 * JetStream message on `SUBJECTS.auditActionRecorded` (stream AUDIT): an action another service
 * wants on the audit trail. `id` makes it idempotent (also sent as `Nats-Msg-Id`). One schema per
 * version; the governance service picks by `v`. Actions are dotted lowercase names, e.g.
 * `project.created`, `person.erased`.
 */
const auditActionFields = {
  id: Type.String({ minLength: 1, maxLength: GOVERNANCE_LIMITS.maxIdLength }),
  at: Type.String({ format: 'date-time' }),
  action: Type.String({ maxLength: GOVERNANCE_LIMITS.maxNameLength, pattern: '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$' }),
  subject: Type.String({ minLength: 1, maxLength: GOVERNANCE_LIMITS.maxTextLength }),
  payload: jsonObject(),
};

/** Version 1: the actor in the payload (published before the request envelope; still accepted). */
export const auditActionMessageV1Schema = closedObject({
  v: Type.Unsafe<1>({ const: 1 }),
  ...auditActionFields,
  /** e.g. `service:ingest`, `token:<id>:<name>`. */
  actor: Type.String({ minLength: 1, maxLength: GOVERNANCE_LIMITS.maxNameLength }),
});
export type AuditActionMessageV1 = Static<typeof auditActionMessageV1Schema>;

/** Version 2: who acted is the envelope's `Fulcrum-Actor` header (display name `Fulcrum-Actor-Name`), never the payload. */
export const auditActionMessageV2Schema = closedObject({ v: Type.Unsafe<2>({ const: 2 }), ...auditActionFields });
export type AuditActionMessageV2 = Static<typeof auditActionMessageV2Schema>;

export type AuditActionMessage = AuditActionMessageV1 | AuditActionMessageV2;
