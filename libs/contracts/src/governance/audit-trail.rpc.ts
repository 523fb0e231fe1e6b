export interface AuditTrailEntryDto {
  seq: number;
  at: string;
  actor: string;
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

export interface AuditTrailPageRequest {
  /** Entries with seq > after (default: from the start). */
  after?: number | null;
  /** Default 100, at most GOVERNANCE_LIMITS.maxAuditTrailPage. */
  limit?: number | null;
}
export interface AuditTrailPageReply {
  entries: AuditTrailEntryDto[];
  treeSize: number;
  hasMore: boolean;
}

export interface AuditProofRequest {
  seq: number;
  /** Prove inclusion in the tree of this size (default: current size). */
  treeSize?: number | null;
  /** Also prove consistency from this earlier size to treeSize. */
  fromTreeSize?: number | null;
}
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

export type AuditPublicKeyRequest = Record<string, never>;
export interface AuditPublicKeyReply {
  /** SPKI PEM of the Ed25519 key signing tree heads. */
  publicKeyPem: string;
  keyId: string;
}

export interface ExportAuditTrailRequest {
  actor: string;
}
export interface ExportAuditTrailReply {
  /** The `fulcrum.audit-export.v1` document (entries, signed head, public key); `fulcrum audit verify` checks it offline. */
  export: Record<string, unknown>;
}

/**
 * JetStream message on `SUBJECTS.auditActionRecorded` (stream AUDIT): an action another service
 * wants on the audit trail. `id` makes it idempotent (also sent as `Nats-Msg-Id`).
 */
export interface AuditActionMessage {
  v: 1;
  id: string;
  at: string;
  /** e.g. `service:ingest`, `token:<id>`. */
  actor: string;
  /** e.g. `project.created`, `person.erased`. */
  action: string;
  subject: string;
  payload: Record<string, unknown>;
}
