import { DomainError, GOVERNANCE_LIMITS, type DecisionInputDto, type OutcomeInputDto } from '@fulcrum/contracts';
import type { DecisionInput, OutcomeInput } from './decisions.input';

/** Refuses an empty or oversized batch before it reaches the service (the service checks again). */
export function assertBatchSize(field: 'decisions' | 'outcomes', count: number): void {
  const max = field === 'decisions' ? GOVERNANCE_LIMITS.maxDecisionsPerCall : GOVERNANCE_LIMITS.maxOutcomesPerCall;
  if (count < 1 || count > max) {
    throw new DomainError('VALIDATION_FAILED', `${field} must hold 1 to ${max} rows per call; got ${count}. Split larger imports into batches.`, {
      field,
      max,
      count,
    });
  }
}

/** Passes each row on as the client sent it (optional fields only when given); the service validates rows. */
export function toDecisionDto(d: DecisionInput): DecisionInputDto {
  return {
    decisionId: d.decisionId,
    subjectRef: d.subjectRef,
    occurredAt: d.occurredAt,
    purpose: d.purpose,
    outcome: d.outcome,
    ...(d.score !== undefined && { score: d.score }),
    ...(d.groundTruth !== undefined && { groundTruth: d.groundTruth }),
    ...(d.attributes !== undefined && { attributes: d.attributes }),
  };
}

export function toOutcomeDto(o: OutcomeInput): OutcomeInputDto {
  return { decisionId: o.decisionId, groundTruth: o.groundTruth };
}
