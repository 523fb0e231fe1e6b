import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { GOVERNANCE_PAGES, RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { type ConnectionShape, PageAfterArg, PageFirstArg, pageRequest, toConnection } from '../graphql/relay-connection.model';
import { toAuditProof, toAuditTrailEntry } from './audit-trail.mapper';
import { AuditProof, AuditPublicKey, AuditTrailEntry, AuditTrailEntryConnection } from './audit-trail.model';
import { GraphQLJSON, type JsonValue, toJson } from './json.scalar';
import { Envelope } from '../envelope/request-envelope.decorator';

/**
 * The tamper-evident audit trail: one tree for the installation. A project's compliance reviewers
 * page through that project's entries and prove each one (inclusion and consistency against a
 * signed tree head); the whole tree is exported by instance admins only.
 */
@Resolver(() => AuditTrailEntry)
export class AuditTrailResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => AuditTrailEntryConnection, { description: "The project's audit-trail entries, oldest first (by seq); prove each with auditProof." })
  async auditTrail(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @PageFirstArg(GOVERNANCE_PAGES.auditTrail.max, GOVERNANCE_PAGES.auditTrail.default) first?: number | null,
    @PageAfterArg() after?: string | null,
  ): Promise<ConnectionShape<AuditTrailEntry>> {
    return toConnection(await this.rpc.request(RPC.governanceAuditTrailList, { projectId, ...pageRequest(first, after) }, { envelope }), toAuditTrailEntry);
  }

  @Query(() => AuditProof, {
    description:
      'An entry of the project with a signed tree head, its inclusion proof and optionally a consistency proof (NOT_FOUND for an entry of another project, as for none).',
  })
  async auditProof(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('seq', { type: () => Int, description: 'The entry.' }) seq: number,
    @Args('treeSize', { type: () => Int, nullable: true, description: 'Prove inclusion in the tree of this size (default: the current size).' })
    treeSize?: number | null,
    @Args('fromTreeSize', { type: () => Int, nullable: true, description: 'Also prove consistency from this earlier size to treeSize.' })
    fromTreeSize?: number | null,
  ): Promise<AuditProof> {
    return toAuditProof(
      await this.rpc.request(RPC.governanceAuditProofGet, { projectId, seq, treeSize: treeSize ?? null, fromTreeSize: fromTreeSize ?? null }, { envelope }),
    );
  }

  @Query(() => AuditPublicKey, { description: 'The public key that signs tree heads.' })
  async auditPublicKey(@Envelope() envelope: RequestEnvelope): Promise<AuditPublicKey> {
    const reply = await this.rpc.request(RPC.governanceAuditPublicKeyGet, {}, { envelope });
    return { publicKeyPem: reply.publicKeyPem, keyId: reply.keyId };
  }

  @Query(() => GraphQLJSON, {
    description:
      'The whole audit trail (every project and the instance-level entries) as a `fulcrum.audit-export.v1` JSON document (entries, signed tree head, public key) that `fulcrum audit verify` checks offline. The export itself is recorded (instance admins).',
  })
  async exportAuditTrail(@Envelope() envelope: RequestEnvelope): Promise<JsonValue> {
    return toJson((await this.rpc.request(RPC.governanceAuditTrailExport, {}, { envelope })).export, 'export', 0);
  }
}
