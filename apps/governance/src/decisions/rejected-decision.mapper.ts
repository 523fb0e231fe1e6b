import { REJECTED_DECISION_LIMITS, type RejectedDecisionDto } from '@fulcrum/contracts';
import type { RejectedDecisionRow } from './rejected-decisions.reader';

/**
 * A stored row as the API gives it. The payload is kept as text (a row as `JSON.stringify` wrote
 * it, or a whole message as published); it goes out as JSON when it is JSON the API can carry,
 * else as text (`payloadOf`), so one hostile payload never breaks a page.
 */
export function toRejectedDecisionDto(row: RejectedDecisionRow): RejectedDecisionDto {
  return {
    id: Number(row.id),
    streamSeq: Number(row.stream_seq),
    rowIndex: row.row_index,
    modelVersionId: row.model_version_id,
    decisionId: row.decision_id,
    code: row.code,
    reason: row.reason,
    ...payloadOf(row.payload),
    actor: row.actor,
    rejectedAt: new Date(row.rejected_at).toISOString(),
    erasedAt: row.erased_at === null ? null : new Date(row.erased_at).toISOString(),
  };
}

/**
 * `payload` when the text is JSON that nests at most REJECTED_DECISION_LIMITS.payloadMaxDepth
 * levels and has only finite numbers (`1e400` parses to Infinity, which JSON cannot carry);
 * otherwise `payloadText`. Both null for an erased payload.
 */
export function payloadOf(text: string | null): Pick<RejectedDecisionDto, 'payload' | 'payloadText'> {
  if (text === null) return { payload: null, payloadText: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { payload: null, payloadText: text };
  }
  return carriable(value, 0) ? { payload: value, payloadText: null } : { payload: null, payloadText: text };
}

/** Whether `value`, found at `depth` (the root at 0), has no value deeper than the limit and no non-finite number. */
function carriable(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  if (items.length === 0) return true;
  if (depth + 1 > REJECTED_DECISION_LIMITS.payloadMaxDepth) return false;
  return items.every((item) => carriable(item, depth + 1));
}
