import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON, type JsonValue } from './json.scalar';

// Timestamps here stay the exact strings the service hashed and signed: re-formatting them would
// break offline verification of leaf hashes and signatures.

@ObjectType({ description: 'One entry of the tamper-evident audit trail (an RFC 6962 Merkle log leaf).' })
export class AuditTrailEntry {
  @Field(() => Int, { description: 'Position in the log, from 0.' })
  seq: number;

  @Field({ description: 'When it was recorded: the exact ISO-8601 string the leaf hash commits to.' })
  at: string;

  @Field({ description: 'Who acted, e.g. `token:<id>:<name>` or `service:ingest`.' })
  actor: string;

  @Field({ description: 'What happened, e.g. `model.registered`, `alias.moved`, `decisions.recorded`.' })
  action: string;

  @Field({ description: 'What it happened to, e.g. `model:<id>`.' })
  subject: string;

  @Field({ description: '`sha256:` hex of the salted payload (what the leaf commits to).' })
  payloadHash: string;

  @Field({ description: 'Hex SHA-256 leaf hash: SHA-256(0x00 ‖ canonical JSON of the entry).' })
  leafHash: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The payload (a JSON object), or null after erasure (the entry and its hash stay).' })
  payload: JsonValue | null;

  @Field({ description: 'Whether the payload was erased (GDPR Art. 17).' })
  erased: boolean;
}

@ObjectType({ description: 'A page of the audit trail, oldest first.' })
export class AuditTrailPage {
  @Field(() => [AuditTrailEntry], { description: 'The entries; pass the last seq as `after` for the next page.' })
  entries: AuditTrailEntry[];

  @Field(() => Int, { description: 'Current number of entries in the log.' })
  treeSize: number;

  @Field({ description: 'Whether entries follow this page.' })
  hasMore: boolean;
}

@ObjectType({ description: 'A signed commitment to the whole log at one size.' })
export class SignedTreeHead {
  @Field(() => Int, { description: 'Number of entries committed to.' })
  treeSize: number;

  @Field({ description: 'Hex SHA-256 Merkle tree hash.' })
  rootHash: string;

  @Field({ description: 'When it was signed: the exact ISO-8601 string covered by the signature.' })
  timestamp: string;

  @Field({ description: 'Base64 Ed25519 signature over the tree head.' })
  signature: string;

  @Field({ description: "Hex SHA-256 fingerprint of the signing public key's SPKI DER." })
  keyId: string;
}

@ObjectType({ description: 'Proof that an entry is in the tree (RFC 9162 §2.1.3).' })
export class InclusionProof {
  @Field(() => Int, { description: 'Index of the leaf (its seq).' })
  leafIndex: number;

  @Field(() => Int, { description: 'Size of the tree proven against.' })
  treeSize: number;

  @Field({ description: 'Hex leaf hash.' })
  leafHash: string;

  @Field(() => [String], { description: 'Hex sibling hashes, leaf to root.' })
  path: string[];
}

@ObjectType({ description: 'Proof that a smaller tree is a prefix of a larger one (RFC 9162 §2.1.4): nothing was rewritten.' })
export class ConsistencyProof {
  @Field(() => Int, { description: 'The earlier tree size.' })
  fromSize: number;

  @Field(() => Int, { description: 'The later tree size.' })
  toSize: number;

  @Field(() => [String], { description: 'Hex hashes of the proof.' })
  path: string[];
}

@ObjectType({ description: 'An entry with a signed tree head and the proofs tying it to that head.' })
export class AuditProof {
  @Field(() => AuditTrailEntry, { description: 'The entry.' })
  entry: AuditTrailEntry;

  @Field(() => SignedTreeHead, { description: 'The signed head the proofs lead to.' })
  treeHead: SignedTreeHead;

  @Field(() => InclusionProof, { description: 'Inclusion of the entry in the tree of treeHead.treeSize.' })
  inclusion: InclusionProof;

  @Field(() => ConsistencyProof, { nullable: true, description: 'Consistency from fromTreeSize to treeSize, when fromTreeSize was asked for.' })
  consistency: ConsistencyProof | null;
}

@ObjectType({ description: 'The key that signs tree heads.' })
export class AuditPublicKey {
  @Field({ description: 'SPKI PEM of the Ed25519 public key; pin it for `fulcrum audit verify --public-key`.' })
  publicKeyPem: string;

  @Field({ description: "Hex SHA-256 fingerprint of the key's SPKI DER." })
  keyId: string;
}
