import type { AuditEntry } from './audit-entry';
import { consistencyProof } from './consistency-proof';
import { hashToHex } from './merkle-hash';
import type { NodeHashSource } from './node-hash-source';
import type { SignedTreeHead } from './tree-head.signer';

/** Version marker of the export format; the verifier refuses anything else. */
export const AUDIT_EXPORT_FORMAT = 'fulcrum.audit-export.v1';

/**
 * One exported entry with the leaf hash the log recorded when it was appended. The leaf hash is
 * redundant (it can be recomputed from `entry`) on purpose: a signed root vouches for the
 * recorded hashes as a whole, and comparing each entry with its recorded hash is what lets the
 * verifier name the first altered entry instead of only saying "the root differs".
 */
export interface AuditExportRecord {
  readonly entry: AuditEntry;
  /** SHA-256(0x00 ‖ canonical JSON of `entry`), 64 lowercase hex, as recorded by the log. */
  readonly leafHash: string;
}

/** Everything needed to check the log offline. */
export interface AuditExport {
  readonly format: typeof AUDIT_EXPORT_FORMAT;
  /** The whole log from seq 0 up to `treeHead.treeSize - 1`, in order. */
  readonly entries: readonly AuditExportRecord[];
  /** The signed head covering exactly `entries`. */
  readonly treeHead: SignedTreeHead;
  /** The log's Ed25519 public key, SPKI PEM. Pin it: compare its fingerprint with the published one. */
  readonly publicKeyPem: string;
  /** An earlier signed head (e.g. the one in the previous export) … */
  readonly previousTreeHead?: SignedTreeHead;
  /** … and the RFC 9162 consistency proof from it to `treeHead`, hex. Both or neither. */
  readonly consistencyProof?: readonly string[];
}

export interface BuildAuditExportInput {
  /** The log's entries with seq 0 .. treeHead.treeSize - 1, in order. */
  readonly entries: readonly AuditEntry[];
  /** The log's recorded leaf hashes and subtree hashes (a MerkleLog, or a store). */
  readonly log: NodeHashSource;
  readonly treeHead: SignedTreeHead;
  readonly publicKeyPem: string;
  readonly previousTreeHead?: SignedTreeHead;
}

/** Assembles an export from the log's own records (throws on inconsistent input). */
export function buildAuditExport(input: BuildAuditExportInput): AuditExport {
  const size = input.treeHead.treeSize;
  if (input.entries.length !== size) {
    throw new RangeError(`the tree head covers ${size} entries, ${input.entries.length} given`);
  }
  if (size > input.log.size) throw new RangeError(`the log holds ${input.log.size} leaves, the head covers ${size}`);
  const entries = input.entries.map((entry, index) => ({ entry, leafHash: hashToHex(input.log.leafHash(index)) }));
  const base = { format: AUDIT_EXPORT_FORMAT, entries, treeHead: input.treeHead, publicKeyPem: input.publicKeyPem } as const;
  if (input.previousTreeHead === undefined) return base;
  const proof = consistencyProof(input.log, input.previousTreeHead.treeSize, size).map(hashToHex);
  return { ...base, previousTreeHead: input.previousTreeHead, consistencyProof: proof };
}
