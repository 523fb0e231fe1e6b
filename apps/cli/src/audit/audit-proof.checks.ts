import { type AuditEntry, auditEntryLeafHash, createAuditEntry, hashFromHex, hashToHex, importPublicKey, verifyInclusion, verifyTreeHead } from '@fulcrum/audit-log';
import type { CliIo } from '../cli-io';
import { resolveConnection } from '../decisions/cli-connection.config';
import type { GraphqlConnection } from '../decisions/graphql-decisions.client';
import type { EntryProof, ListedEntry } from './graphql-audit-trail.client';

/** A check that failed: the trail, its proof or its signed head is not what the log signed (exit 1). */
export class Tampered extends Error {}

/** Reads a pinned Ed25519 public key (SPKI PEM, byte-order mark and blank lines tolerated); an error line when unusable (exit 2). */
function readPinnedKey(io: CliIo, path: string): { pem: string } | { error: string } {
  let pem: string;
  try {
    pem = `${io.readFile(path).replace(/^\uFEFF/, '').trim()}\n`;
  } catch (error) {
    return { error: `cannot read --public-key ${path}: ${(error as Error).message}` };
  }
  if (importPublicKey(pem) === undefined) return { error: `--public-key ${path} is not an Ed25519 public key in SPKI PEM form (-----BEGIN PUBLIC KEY-----)` };
  return { pem };
}

/**
 * The set-up both verify commands share: the key pinned with --public-key, if any, and where to
 * send and as whom; an error line when either is unusable (exit 2).
 */
export function prepareVerification(
  io: CliIo,
  flags: { publicKeyPath?: string; graphqlUrl?: string; token?: string },
): { connection: GraphqlConnection; pinnedPem: string | undefined } | { error: string } {
  let pinnedPem: string | undefined;
  if (flags.publicKeyPath !== undefined) {
    const pinned = readPinnedKey(io, flags.publicKeyPath);
    if ('error' in pinned) return pinned;
    pinnedPem = pinned.pem;
  }
  const connection = resolveConnection({ graphqlUrl: flags.graphqlUrl, token: flags.token }, io);
  if ('error' in connection) return connection;
  return { connection, pinnedPem };
}

/** The head's Ed25519 signature over (size, root, time) verifies with `keyPem`. */
export function checkHeadSignature(head: EntryProof['treeHead'], keyPem: string): void {
  const { keyId: _keyId, ...signed } = head;
  if (!verifyTreeHead(signed, keyPem)) throw new Tampered(`the signed tree head of size ${head.treeSize} does not verify with the public key`);
}

/**
 * The entry hashes to its recorded leaf (six fields for v 1, also `v`, `actorName` and `projectId`
 * for v 2, whose leaf must name `projectId`), the proof is of that leaf at its seq in the head's
 * tree, and its audit path leads to the head's root.
 */
export function checkEntryProof(listed: ListedEntry, proof: EntryProof, projectId: string, head: EntryProof['treeHead']): void {
  const where = `entry ${listed.seq}`;
  if (listed.v === 2 && listed.projectId !== projectId) throw new Tampered(`${where}: its leaf names project ${String(listed.projectId)}, not ${projectId}`);
  let leaf: Buffer;
  try {
    leaf = auditEntryLeafHash(createAuditEntry(listed as unknown as AuditEntry));
  } catch (error) {
    throw new Tampered(`${where}: malformed (${(error as Error).message})`);
  }
  const leafHex = hashToHex(leaf);
  if (leafHex !== listed.leafHash) throw new Tampered(`${where}: its fields hash to ${leafHex}, the log recorded ${listed.leafHash}`);
  const { inclusion } = proof;
  if (proof.entry.seq !== listed.seq || inclusion.leafIndex !== listed.seq || inclusion.treeSize !== head.treeSize || inclusion.leafHash !== leafHex) {
    throw new Tampered(`${where}: the proof is for another leaf (${inclusion.leafIndex} in ${inclusion.treeSize}, ${inclusion.leafHash})`);
  }
  const path = inclusion.path.map((h) => hashFromHex(h));
  const root = hashFromHex(head.rootHash);
  if (!root || path.some((h) => h === undefined) || !verifyInclusion(leaf, listed.seq, head.treeSize, path as Uint8Array[], root)) {
    throw new Tampered(`${where}: its audit path does not lead to the signed root ${head.rootHash}`);
  }
}
