import type { RejectedDecisionDto } from '@fulcrum/contracts';
import { toJson } from './json.scalar';
import type { RejectedDecision } from './rejected-decisions.model';

export function toRejectedDecision(r: RejectedDecisionDto): RejectedDecision {
  return {
    id: r.id,
    streamSeq: r.streamSeq,
    rowIndex: r.rowIndex,
    modelVersionId: r.modelVersionId,
    decisionId: r.decisionId,
    code: r.code,
    reason: r.reason,
    payload: toJson(r.payload, 'payload', 0),
    payloadText: r.payloadText,
    actor: r.actor,
    rejectedAt: new Date(r.rejectedAt),
    erasedAt: r.erasedAt === null ? null : new Date(r.erasedAt),
  };
}
