import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/relay-connection.model';
import { GraphQLJSON, type JsonValue } from './json.scalar';

// Timestamps here stay the exact strings the service hashed and signed: re-formatting them would
// break offline verification of leaf hashes and signatures.

@ObjectType({
  description:
    'One entry of the tamper-evident audit trail (an RFC 6962 Merkle log leaf). The leaf hash commits to seq, at, actor, action, subject and payloadHash (v 1, entries from before projects), and also to v, actorName and projectId (v 2).',
})
export class AuditTrailEntry {
  @Field(() => Int, { description: 'Entry format: 1 (six hashed fields, written before projects) or 2 (also v, actorName and projectId are hashed).' })
  v: number;

  @Field(() => Int, { description: 'Position in the log, from 0.' })
  seq: number;

  @Field({ description: 'When it was recorded: the exact ISO-8601 string the leaf hash commits to.' })
  at: string;

  @Field({ description: 'Who acted: the actor id, e.g. `user:<uuid>` or `service:ingest` (v 1 entries: e.g. `token:<id>:<name>`).' })
  actor: string;

  @Field(() => String, { nullable: true, description: "The actor's display name when it acted (v 2; null for v 1 entries and for actors without a name)." })
  actorName: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The project the entry belongs to (null: instance-level). Hashed in v 2 entries; for v 1 entries, assigned when the rows from before projects were adopted.',
  })
  projectId: string | null;

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

/** `auditTrail`: a project's entries, oldest first (by seq). */
export const AuditTrailEntryConnection = Connection(AuditTrailEntry);

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
