import { Injectable } from '@nestjs/common';
import { type DecisionProvenanceReply, DomainError } from '@fulcrum/contracts';
import { AuditTrailPort } from '../audit-trail/audit-trail.port';
import { AuditsRepository } from '../audits/audits.repository';
import { DecisionLogReader } from '../decisions/decision-log.reader';
import { RegistryReader } from '../registry/registry-reader.port';

/**
 * Everything that accounts for one decision: the decision (personal fields null once erased), the
 * model and version that made it (artifact digest, training dataset hash), whether its purpose was
 * declared, the audits whose range covers it, and the audit-trail entry of its batch with an
 * inclusion proof in the current signed tree head.
 */
@Injectable()
export class ProvenanceService {
  constructor(
    private readonly decisions: DecisionLogReader,
    private readonly registry: RegistryReader,
    private readonly audits: AuditsRepository,
    private readonly trail: AuditTrailPort,
  ) {}

  /** The project's decision (another project's is DECISION_NOT_FOUND, as an unknown id). */
  async get(projectId: string, decisionId: string): Promise<DecisionProvenanceReply> {
    const decision = await this.decisions.findDecision(projectId, decisionId);
    if (!decision) throw new DomainError('DECISION_NOT_FOUND', `no decision ${JSON.stringify(decisionId)}`, { decisionId });
    // Recorded decisions always have these (validated on the way in); the columns are nullable only
    // because the table follows the fairness lib's DDL.
    if (decision.modelVersionId === null || decision.occurredAt === null || decision.purpose === null) {
      throw new DomainError('INTERNAL', `decision ${JSON.stringify(decisionId)} is incomplete`);
    }
    const { model, version } = await this.registry.getVersion(projectId, decision.modelVersionId);
    const audits = await this.audits.covering(decision.modelVersionId, new Date(decision.occurredAt));
    // The batch's entry is of this project too (its v2 leaf says so; a v1 one was adopted with the decision).
    const recordedIn = await this.trail.proof(decision.auditSeq);
    const erased = decision.erasedAt !== null;
    return {
      decision: {
        decisionId: decision.decisionId,
        subjectRef: erased ? null : decision.subjectRef,
        occurredAt: decision.occurredAt,
        purpose: decision.purpose,
        outcome: decision.outcome,
        score: decision.score,
        groundTruth: decision.groundTruth,
        attributes: erased ? null : decision.attributes,
        erased,
      },
      model,
      version,
      purposeDeclared: version.purposes.includes(decision.purpose),
      audits,
      recordedIn,
    };
  }
}
