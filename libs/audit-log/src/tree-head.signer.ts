import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { isIsoTimestamp } from './audit-entry';
import { canonicalJsonBytes } from './canonical-json';
import { hashFromHex, hashToHex } from './merkle-hash';
import { isTreeSize } from './node-hash-source';

/** What the log commits to at a point in time. */
export interface TreeHead {
  /** Number of entries covered. */
  readonly treeSize: number;
  /** When the head was produced: `toISOString()` form. */
  readonly timestamp: string;
  /** MTH of the first `treeSize` leaves, 64 lowercase hex. */
  readonly rootHash: string;
}

/** A tree head with the log's Ed25519 signature over its canonical JSON, base64 (64 bytes). */
export interface SignedTreeHead extends TreeHead {
  readonly signature: string;
}

const SIGNATURE_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END PUBLIC KEY-----\r?\n?$/;
const TREE_HEAD_FIELDS = ['rootHash', 'timestamp', 'treeSize'];

/** Why `value` is not a well-formed (signed) tree head, or `undefined`. Strict: no extra fields. */
export function treeHeadProblem(value: unknown, signed: boolean): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an object';
  const record = value as Record<string, unknown>;
  const allowed = signed ? [...TREE_HEAD_FIELDS, 'signature'] : TREE_HEAD_FIELDS;
  const extra = Object.keys(record).filter((key) => !allowed.includes(key));
  if (extra.length > 0) return `has unexpected field(s) ${extra.join(', ')}`;
  if (!isTreeSize(record['treeSize'])) return 'treeSize is not a non-negative integer';
  if (!isIsoTimestamp(record['timestamp'])) return 'timestamp is not an ISO-8601 UTC timestamp (toISOString form)';
  if (hashFromHex(record['rootHash']) === undefined) return 'rootHash is not 64 lowercase hex characters';
  if (signed && !isCanonicalSignature(record['signature'])) return 'signature is not a base64 Ed25519 signature (64 bytes)';
  return undefined;
}

/** 64 bytes in canonical base64 (no alternative encodings of the same bytes). */
function isCanonicalSignature(value: unknown): value is string {
  return typeof value === 'string' && SIGNATURE_BASE64.test(value) && Buffer.from(value, 'base64').toString('base64') === value;
}

/** The signed bytes: UTF-8 of the canonical JSON `{"rootHash":…,"timestamp":…,"treeSize":…}`. */
export function treeHeadSigningInput(head: TreeHead): Buffer {
  return canonicalJsonBytes({ rootHash: head.rootHash, timestamp: head.timestamp, treeSize: head.treeSize });
}

/** SPKI PEM of a public key (`-----BEGIN PUBLIC KEY-----`). */
export function exportPublicKey(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** Parses an Ed25519 public key from SPKI PEM; `undefined` for anything else (never throws). */
export function importPublicKey(pem: unknown): KeyObject | undefined {
  if (typeof pem !== 'string' || !PUBLIC_KEY_PEM.test(pem)) return undefined;
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    return key.type === 'public' && key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** `sha256:` + hex SHA-256 of the key's DER SPKI: a short form to publish and pin. */
export function publicKeyFingerprint(pem: string): string | undefined {
  const key = importPublicKey(pem);
  if (key === undefined) return undefined;
  return `sha256:${createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** Signs a tree head with an Ed25519 private key. */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): SignedTreeHead {
  const problem = treeHeadProblem(head, false);
  if (problem !== undefined) throw new TypeError(`tree head ${problem}`);
  const signature = sign(null, treeHeadSigningInput(head), privateKey).toString('base64');
  return { treeSize: head.treeSize, timestamp: head.timestamp, rootHash: head.rootHash, signature };
}

/** True when `head` is well formed and its signature verifies with the Ed25519 key. Never throws. */
export function verifyTreeHead(head: unknown, publicKey: string | KeyObject): boolean {
  if (treeHeadProblem(head, true) !== undefined) return false;
  const key = typeof publicKey === 'string' ? importPublicKey(publicKey) : publicKey;
  if (key === undefined || key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') return false;
  const signed = head as SignedTreeHead;
  try {
    return verify(null, treeHeadSigningInput(signed), key, Buffer.from(signed.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The log's signing identity: an Ed25519 key pair. The service creates one at first start
 * ({@link TreeHeadSigner.generate}), stores {@link exportPrivateKeyPem} in its secret store, and
 * publishes {@link exportPublicKey} (and its fingerprint) so anyone can verify tree heads.
 */
export class TreeHeadSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static generate(): TreeHeadSigner {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new TreeHeadSigner(privateKey, publicKey);
  }

  /** Loads a signer from a PKCS#8 PEM private key; throws unless it is an Ed25519 key. */
  static fromPrivateKeyPem(pem: string): TreeHeadSigner {
    const privateKey = createPrivateKey({ key: pem, format: 'pem' });
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('the tree head key must be Ed25519');
    return new TreeHeadSigner(privateKey, createPublicKey(privateKey));
  }

  exportPrivateKeyPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  exportPublicKey(): string {
    return exportPublicKey(this.publicKey);
  }

  sign(head: TreeHead): SignedTreeHead {
    return signTreeHead(head, this.privateKey);
  }

  /** Signs the head of a tree of `treeSize` leaves with root `rootHash`, stamped `at` (default now). */
  signRoot(treeSize: number, rootHash: Uint8Array, at: Date = new Date()): SignedTreeHead {
    return this.sign({ treeSize, timestamp: at.toISOString(), rootHash: hashToHex(rootHash) });
  }
}
