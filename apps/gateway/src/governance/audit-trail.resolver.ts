import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';
import { Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { toAuditProof, toAuditTrailEntry } from './audit-trail.mapper';
import { AuditProof, AuditPublicKey, AuditTrailPage } from './audit-trail.model';
import { CurrentPrincipal } from './current-principal.decorator';
import { GOVERNANCE_ROLES, actorOf } from './governance-roles';
import { GraphQLJSON, type JsonValue, toJson } from './json.scalar';

/** The tamper-evident audit trail: pages, proofs, the signing key and the offline export. */
@Resolver(() => AuditTrailPage)
export class AuditTrailResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => AuditTrailPage, { description: 'A page of the audit trail, oldest first.' })
  async auditTrail(
    @Args('after', { type: () => Int, nullable: true, description: 'Only entries with seq greater than this (default: from the start).' })
    after?: number | null,
    @Args('limit', { type: () => Int, nullable: true, description: 'Page size: default 100, at most 1,000.' }) limit?: number | null,
  ): Promise<AuditTrailPage> {
    const reply = await this.rpc.request(RPC.governanceAuditTrailList, { after: after ?? null, limit: limit ?? null });
    return { entries: reply.entries.map(toAuditTrailEntry), treeSize: reply.treeSize, hasMore: reply.hasMore };
  }

  @Query(() => AuditProof, { description: 'An entry with a signed tree head, its inclusion proof and optionally a consistency proof.' })
  async auditProof(
    @Args('seq', { type: () => Int, description: 'The entry.' }) seq: number,
    @Args('treeSize', { type: () => Int, nullable: true, description: 'Prove inclusion in the tree of this size (default: the current size).' })
    treeSize?: number | null,
    @Args('fromTreeSize', { type: () => Int, nullable: true, description: 'Also prove consistency from this earlier size to treeSize.' })
    fromTreeSize?: number | null,
  ): Promise<AuditProof> {
    return toAuditProof(await this.rpc.request(RPC.governanceAuditProofGet, { seq, treeSize: treeSize ?? null, fromTreeSize: fromTreeSize ?? null }));
  }

  @Query(() => AuditPublicKey, { description: 'The public key that signs tree heads.' })
  async auditPublicKey(): Promise<AuditPublicKey> {
    const reply = await this.rpc.request(RPC.governanceAuditPublicKeyGet, {});
    return { publicKeyPem: reply.publicKeyPem, keyId: reply.keyId };
  }

  @Query(() => GraphQLJSON, {
    description:
      'The whole audit trail as a `fulcrum.audit-export.v1` JSON document (entries, signed tree head, public key) that `fulcrum audit verify` checks offline. The export itself is recorded (compliance reviewers and admins).',
  })
  @Roles(...GOVERNANCE_ROLES.review)
  async exportAuditTrail(@CurrentPrincipal() principal: Principal): Promise<JsonValue> {
    return toJson((await this.rpc.request(RPC.governanceAuditTrailExport, { actor: actorOf(principal) })).export, 'export', 0);
  }
}
