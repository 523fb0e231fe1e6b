import { type DecisionBatchMessage, GOVERNANCE_LIMITS } from '@fulcrum/contracts';

export type DecisionBatchDecoding =
  | { ok: true; batch: DecisionBatchMessage; payload: string }
  | { ok: false; code: 'INVALID_MESSAGE'; reason: string; payload: string; modelVersionId: string | null; actor: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ['v', 'modelVersionId', 'actor', 'decisions'];

/**
 * Parses and checks the envelope of one JetStream `DecisionBatchMessage`. The rows themselves are
 * validated one by one by the service (like an RPC call), so one bad row never sinks the others;
 * a message whose envelope is wrong is kept aside whole, with the reason.
 */
export function decodeDecisionBatch(data: Uint8Array): DecisionBatchDecoding {
  const payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (error) {
    return invalid(`payload is not JSON: ${(error as Error).message}`, payload, {});
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return invalid('payload is not a JSON object', payload, {});
  const m = parsed as Record<string, unknown>;
  const extra = Object.keys(m).filter((k) => !FIELDS.includes(k));
  if (extra.length > 0) return invalid(`unknown field(s): ${extra.slice(0, 5).join(', ')}`, payload, m);
  if (m['v'] !== 1) return invalid('v must be 1', payload, m);
  if (typeof m['modelVersionId'] !== 'string' || !UUID.test(m['modelVersionId'])) return invalid('modelVersionId must be a UUID', payload, m);
  const actor = m['actor'];
  if (typeof actor !== 'string' || actor.length === 0 || actor.length > GOVERNANCE_LIMITS.maxNameLength) {
    return invalid(`actor must be a string of 1 to ${GOVERNANCE_LIMITS.maxNameLength} characters`, payload, m);
  }
  const decisions = m['decisions'];
  if (!Array.isArray(decisions) || decisions.length === 0 || decisions.length > GOVERNANCE_LIMITS.maxDecisionsPerCall) {
    return invalid(`decisions must be an array of 1 to ${GOVERNANCE_LIMITS.maxDecisionsPerCall} rows`, payload, m);
  }
  return { ok: true, batch: { v: 1, modelVersionId: m['modelVersionId'], actor, decisions }, payload };
}

function invalid(reason: string, payload: string, m: Record<string, unknown>): DecisionBatchDecoding {
  const text = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 200) : null);
  return { ok: false, code: 'INVALID_MESSAGE', reason, payload, modelVersionId: text(m['modelVersionId']), actor: text(m['actor']) };
}
