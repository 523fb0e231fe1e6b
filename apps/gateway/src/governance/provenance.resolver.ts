import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { toAuditProof } from './audit-trail.mapper';
import { toAudit } from './audits.mapper';
import { toJson } from './json.scalar';
import { toModelVersion } from './model-registry.mapper';
import { DecisionProvenance } from './provenance.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/** Provenance of one decision of a project (every member may read it). */
@Resolver(() => DecisionProvenance)
export class ProvenanceResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => DecisionProvenance, { description: 'Why and how a decision of the project was made and recorded (NOT_FOUND when unknown or of another project).' })
  async decisionProvenance(
    @Envelope() envelope: RequestEnvelope,
    @Args('projectId', { type: () => ID, description: 'The project.' }) projectId: string,
    @Args('decisionId', { description: 'The decision id.' }) decisionId: string,
  ): Promise<DecisionProvenance> {
    const reply = await this.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId, decisionId }, { envelope });
    const d = reply.decision;
    return {
      decision: {
        decisionId: d.decisionId,
        subjectRef: d.subjectRef,
        occurredAt: d.occurredAt,
        purpose: d.purpose,
        outcome: d.outcome,
        score: d.score,
        groundTruth: d.groundTruth,
        attributes: d.attributes === null ? null : toJson(d.attributes, 'attributes', 0),
        erased: d.erased,
      },
      model: { id: reply.model.id, name: reply.model.name, owner: reply.model.owner, riskLevel: reply.model.riskLevel },
      version: toModelVersion(reply.version),
      purposeDeclared: reply.purposeDeclared,
      audits: reply.audits.map(toAudit),
      recordedIn: toAuditProof(reply.recordedIn),
    };
  }
}
