import type { KeyObject } from 'node:crypto';
import { auditEntryLeafHash, auditEntryProblem } from './audit-entry';
import { AUDIT_EXPORT_FORMAT, type AuditExport, type AuditExportRecord } from './audit-export';
import { verifyConsistency } from './consistency-proof';
import { hashesEqual, hashFromHex, hashToHex } from './merkle-hash';
import { MerkleLog } from './merkle-tree';
import { exportPublicKey, importPublicKey, publicKeyFingerprint, treeHeadProblem, verifyTreeHead, type SignedTreeHead } from './tree-head.signer';

export const AUDIT_VERIFICATION_CODES = [
  'SEQUENCE_BROKEN',
  'LEAF_HASH_MISMATCH',
  'ROOT_MISMATCH',
  'SIGNATURE_INVALID',
  'SIZE_MISMATCH',
  'CONSISTENCY_FAILED',
  'MALFORMED_EXPORT',
] as const;
export type AuditVerificationCode = (typeof AUDIT_VERIFICATION_CODES)[number];

export type AuditExportVerification =
  | { readonly ok: true; readonly treeSize: number; readonly rootHash: string }
  | {
      readonly ok: false;
      readonly code: AuditVerificationCode;
      readonly message: string;
      /** Position in `entries` of the first entry proven bad, when one can be named. */
      readonly firstBadIndex?: number;
    };

export interface VerifyAuditExportOptions {
  /** A signed head the verifier already trusts (e.g. from an earlier export): the log must extend it. */
  readonly previousHead?: SignedTreeHead;
  /** The log's published public key. Without it the export's own key is taken on trust. */
  readonly trustedPublicKeyPem?: string;
}

type Failure = Extract<AuditExportVerification, { ok: false }>;

const EXPORT_FIELDS = ['format', 'entries', 'treeHead', 'publicKeyPem', 'previousTreeHead', 'consistencyProof'];
const RECORD_FIELDS = ['entry', 'leafHash'];
/** A consistency proof has at most ~2·log2(n) hashes; 2·64 bounds any safe-integer size. */
const MAX_PROOF_LENGTH = 128;

function fail(code: AuditVerificationCode, message: string, firstBadIndex?: number): Failure {
  return firstBadIndex === undefined ? { ok: false, code, message } : { ok: false, code, message, firstBadIndex };
}

/**
 * Checks an audit export offline; never throws. In order:
 *  1. shape (MALFORMED_EXPORT, with the entry's position when an entry is malformed);
 *  2. the public key (pinned key if given) and the tree head's signature (SIGNATURE_INVALID) —
 *     everything after is compared against the signed (size, root), so it is authenticated first;
 *  3. entry by entry, in order: seq equals the position (SEQUENCE_BROKEN) and the leaf hash
 *     recomputed from the entry's canonical JSON equals the recorded one (LEAF_HASH_MISMATCH);
 *     the first failing position is named;
 *  4. the number of entries equals the signed tree size (SIZE_MISMATCH: truncation, extra entries);
 *  5. the root over the leaf hashes equals the signed root (ROOT_MISMATCH: an entry changed
 *     together with its recorded hash — one root cannot say which);
 *  6. each earlier head (the caller's `previousHead`, the export's `previousTreeHead`) is signed by
 *     the same key, not larger than the export, and its root equals the root of the first
 *     `treeSize` entries; the export's consistency proof verifies (CONSISTENCY_FAILED).
 */
export function verifyAuditExport(exp: unknown, options: VerifyAuditExportOptions = {}): AuditExportVerification {
  try {
    return verify(exp, options);
  } catch (error) {
    return fail('MALFORMED_EXPORT', `the export could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function verify(exp: unknown, options: VerifyAuditExportOptions): AuditExportVerification {
  const malformed = shapeProblem(exp);
  if (malformed !== undefined) return malformed;
  const audit = exp as AuditExport;
  if (options.previousHead !== undefined) {
    const problem = treeHeadProblem(options.previousHead, true);
    if (problem !== undefined) return fail('MALFORMED_EXPORT', `options.previousHead ${problem}`);
  }

  // 2. Key and signature.
  const key = importPublicKey(audit.publicKeyPem) as KeyObject; // shape-checked
  if (options.trustedPublicKeyPem !== undefined) {
    const trusted = importPublicKey(options.trustedPublicKeyPem);
    if (trusted === undefined) return fail('MALFORMED_EXPORT', 'options.trustedPublicKeyPem is not an Ed25519 public key (SPKI PEM)');
    if (!key.export({ type: 'spki', format: 'der' }).equals(trusted.export({ type: 'spki', format: 'der' }))) {
      return fail(
        'SIGNATURE_INVALID',
        `the export's public key (${publicKeyFingerprint(audit.publicKeyPem)}) is not the trusted key (${publicKeyFingerprint(options.trustedPublicKeyPem)})`,
      );
    }
  }
  const head = audit.treeHead;
  if (!verifyTreeHead(head, key)) return fail('SIGNATURE_INVALID', "the tree head's signature does not verify with the export's public key");
  const size = head.treeSize;
  const signedRoot = hashFromHex(head.rootHash) as Buffer;

  // 3. Entry by entry.
  const rows = audit.entries;
  const recorded = rows.map((row) => hashFromHex(row.leafHash) as Buffer);
  const recomputed = rows.map((row) => auditEntryLeafHash(row.entry));
  const rootOf = (hashes: readonly Buffer[]): Buffer => MerkleLog.fromLeafHashes(hashes).root();
  // Which list of hashes the signed root vouches for (only computed on failure).
  const vouched = (): 'recorded' | 'entries' | 'none' => {
    if (rows.length !== size) return 'none';
    if (hashesEqual(rootOf(recorded), signedRoot)) return 'recorded';
    return hashesEqual(rootOf(recomputed), signedRoot) ? 'entries' : 'none';
  };
  const caveat = (): string =>
    vouched() === 'none'
      ? ' The recorded leaf hashes do not reproduce the signed root either, so entries before it are not vouched for.'
      : '';

  // An inserted entry first shows up at i or just after it (a duplicate or foreign seq, or
  // renumbered entries that no longer match their recorded hashes): if dropping the entry before
  // i or at i gives back exactly the signed tree, that entry is the inserted one.
  const insertedAt = (i: number): number | undefined => {
    if (rows.length !== size + 1) return undefined;
    for (const candidate of [i - 1, i]) {
      if (candidate < 0) continue;
      for (const hashes of [recomputed, recorded]) {
        if (hashesEqual(rootOf(hashes.filter((_, j) => j !== candidate)), signedRoot)) return candidate;
      }
    }
    return undefined;
  };

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as AuditExportRecord;
    const actual = recomputed[i] as Buffer;
    const seqBroken = row.entry.seq !== i;
    if (!seqBroken && hashesEqual(recorded[i], actual)) continue;

    const inserted = insertedAt(i);
    if (inserted !== undefined) {
      const forged = rows[inserted] as AuditExportRecord;
      return fail(
        'SEQUENCE_BROKEN',
        `entry ${inserted} (seq ${forged.entry.seq}) was inserted: without it the remaining leaf hashes reproduce the signed root`,
        inserted,
      );
    }
    if (seqBroken) {
      return fail(
        'SEQUENCE_BROKEN',
        `entry ${i} has seq ${row.entry.seq}, expected ${i} (entries reordered, inserted or missing).${caveat()}`,
        i,
      );
    }
    const source = vouched();
    const message =
      source === 'recorded'
        ? `entry ${i} was changed after it was logged: its canonical JSON hashes to ${hashToHex(actual)}, the log recorded ${row.leafHash}, which the signed root vouches for`
        : source === 'entries'
          ? `the recorded leaf hash of entry ${i} was changed: the entry itself hashes to ${hashToHex(actual)} and the entries reproduce the signed root`
          : `entry ${i} hashes to ${hashToHex(actual)}, not to its recorded leaf hash ${row.leafHash}.${caveat()}`;
    return fail('LEAF_HASH_MISMATCH', message, i);
  }

  // 4. Size (every entry is consistent with its recorded hash from here on).
  if (rows.length < size) {
    return fail(
      'SIZE_MISMATCH',
      `the signed head covers ${size} entries but the export has ${rows.length}: ${
        rows.length === size - 1 ? `entry ${size - 1} is` : `entries ${rows.length}..${size - 1} are`
      } missing (truncated)`,
    );
  }
  if (rows.length > size) {
    return hashesEqual(rootOf(recorded.slice(0, size)), signedRoot)
      ? fail('SIZE_MISMATCH', `the export has ${rows.length} entries but the signed head covers only ${size}: entries from ${size} on were appended without a signed head`, size)
      : fail('SIZE_MISMATCH', `the export has ${rows.length} entries but the signed head covers only ${size}: entries were inserted and renumbered`);
  }

  // 5. Root.
  const log = MerkleLog.fromLeafHashes(recorded);
  if (!hashesEqual(log.root(), signedRoot)) {
    return fail(
      'ROOT_MISMATCH',
      `the ${size} entries give root ${hashToHex(log.root())}, the signed head says ${head.rootHash}: an entry was changed together with its recorded leaf hash`,
    );
  }

  // 6. Earlier heads.
  const earlier: { name: string; head: SignedTreeHead; proof?: readonly string[] }[] = [];
  if (options.previousHead !== undefined) earlier.push({ name: 'the previous head given to the verifier', head: options.previousHead });
  if (audit.previousTreeHead !== undefined) {
    earlier.push({ name: "the export's previousTreeHead", head: audit.previousTreeHead, proof: audit.consistencyProof });
  }
  for (const { name, head: before, proof } of earlier) {
    if (!verifyTreeHead(before, key)) return fail('SIGNATURE_INVALID', `${name} is not signed by the log's key`);
    const beforeRoot = hashFromHex(before.rootHash) as Buffer;
    if (before.treeSize > size) {
      return fail('CONSISTENCY_FAILED', `${name} covers ${before.treeSize} entries, this export only ${size}: the log was truncated or rolled back`);
    }
    if (!hashesEqual(log.root(before.treeSize), beforeRoot)) {
      return fail('CONSISTENCY_FAILED', `the first ${before.treeSize} entries do not reproduce the root of ${name}: the log was rewritten, not only appended to`);
    }
    if (proof !== undefined) {
      const hashes = proof.map((hex) => hashFromHex(hex) as Buffer);
      if (!verifyConsistency(before.treeSize, size, beforeRoot, signedRoot, hashes)) {
        return fail('CONSISTENCY_FAILED', `the consistency proof from size ${before.treeSize} to ${size} does not verify`);
      }
    }
  }

  return { ok: true, treeSize: size, rootHash: head.rootHash };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unexpectedFields(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !allowed.includes(key));
}

function shapeProblem(exp: unknown): Failure | undefined {
  const bad = (message: string, index?: number): Failure => fail('MALFORMED_EXPORT', message, index);
  if (!isPlainObject(exp)) return bad('the export is not a JSON object');
  const extra = unexpectedFields(exp, EXPORT_FIELDS);
  if (extra.length > 0) return bad(`the export has unexpected field(s) ${extra.join(', ')}`);
  if (exp['format'] !== AUDIT_EXPORT_FORMAT) return bad(`format is not "${AUDIT_EXPORT_FORMAT}"`);

  const entries = exp['entries'];
  if (!Array.isArray(entries)) return bad('entries is not an array');
  for (let i = 0; i < entries.length; i++) {
    const row: unknown = entries[i];
    if (!isPlainObject(row)) return bad(`entries[${i}] is not an object`, i);
    const rowExtra = unexpectedFields(row, RECORD_FIELDS);
    if (rowExtra.length > 0) return bad(`entries[${i}] has unexpected field(s) ${rowExtra.join(', ')}`, i);
    const problem = auditEntryProblem(row['entry']);
    if (problem !== undefined) return bad(`entries[${i}].entry ${problem}`, i);
    if (hashFromHex(row['leafHash']) === undefined) return bad(`entries[${i}].leafHash is not 64 lowercase hex characters`, i);
  }

  const headProblem = treeHeadProblem(exp['treeHead'], true);
  if (headProblem !== undefined) return bad(`treeHead ${headProblem}`);
  const key = importPublicKey(exp['publicKeyPem']);
  if (key === undefined) return bad('publicKeyPem is not an Ed25519 public key (SPKI PEM)');
  if (exportPublicKey(key) !== exp['publicKeyPem']) return bad('publicKeyPem is not in the canonical SPKI PEM form the log exports');

  const hasPrevious = exp['previousTreeHead'] !== undefined;
  const hasProof = exp['consistencyProof'] !== undefined;
  if (hasPrevious !== hasProof) return bad('previousTreeHead and consistencyProof come together or not at all');
  if (hasPrevious) {
    const previousProblem = treeHeadProblem(exp['previousTreeHead'], true);
    if (previousProblem !== undefined) return bad(`previousTreeHead ${previousProblem}`);
    const proof = exp['consistencyProof'];
    if (!Array.isArray(proof) || proof.length > MAX_PROOF_LENGTH || !proof.every((hex) => hashFromHex(hex) !== undefined)) {
      return bad('consistencyProof is not an array of 64-hex-character hashes');
    }
  }
  return undefined;
}
