// Tamper-evident audit trail: RFC 6962/9162 Merkle log, RFC 8785 entries, Ed25519 tree heads,
// offline export verification. Pure logic, no I/O. Named exports only (no `export *`).
export {
  EMPTY_TREE_HASH_HEX,
  HASH_SIZE,
  LEAF_HASH_PREFIX,
  NODE_HASH_PREFIX,
  emptyTreeHash,
  hashChildren,
  hashFromHex,
  hashLeaf,
  hashToHex,
  hashesEqual,
} from './merkle-hash';
export { isTreeSize, rangeNodes, rootNodes, treeRoot } from './node-hash-source';
export type { NodeHashSource, NodeRef } from './node-hash-source';
export { MerkleLog } from './merkle-tree';
export { inclusionProof, inclusionProofNodes, verifyInclusion } from './inclusion-proof';
export { consistencyProof, consistencyProofNodes, verifyConsistency } from './consistency-proof';
export { canonicalJson, canonicalJsonBytes } from './canonical-json';
export type { JsonValue } from './canonical-json';
export {
  AUDIT_ENTRY_FIELDS,
  AUDIT_ENTRY_V2_FIELDS,
  auditEntryCanonicalJson,
  auditEntryLeafData,
  auditEntryLeafHash,
  auditEntryProblem,
  createAuditEntry,
  hashPayload,
  isIsoTimestamp,
  sealPayload,
} from './audit-entry';
export type { AuditEntry, PayloadEnvelope } from './audit-entry';
export {
  TreeHeadSigner,
  exportPublicKey,
  importPublicKey,
  publicKeyFingerprint,
  signTreeHead,
  treeHeadProblem,
  treeHeadSigningInput,
  verifyTreeHead,
} from './tree-head.signer';
export type { SignedTreeHead, TreeHead } from './tree-head.signer';
export { AUDIT_EXPORT_FORMAT, buildAuditExport } from './audit-export';
export type { AuditExport, AuditExportRecord, BuildAuditExportInput } from './audit-export';
export { AUDIT_VERIFICATION_CODES, verifyAuditExport } from './audit-export.verifier';
export type { AuditExportVerification, AuditVerificationCode, VerifyAuditExportOptions } from './audit-export.verifier';
