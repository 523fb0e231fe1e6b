import { GOVERNANCE_LIMITS } from '@fulcrum/contracts';

/**
 * A decoded `DecisionBatchMessage`: v2 names its project (the actor is in the message headers); v1,
 * from before projects, names its actor in the payload and no project (the model version's is used).
 */
export interface DecodedDecisionBatch {
  v: 1 | 2;
  /** null for v1. */
  projectId: string | null;
  modelVersionId: string;
  /** v1 only: the actor the payload names (v2 takes it from the envelope headers). */
  payloadActor: string | null;
  decisions: unknown[];
}

export type DecisionBatchDecoding =
  | { ok: true; batch: DecodedDecisionBatch; payload: string }
  | {
      ok: false;
      code: 'INVALID_MESSAGE';
      reason: string;
      payload: string;
      projectId: string | null;
      modelVersionId: string | null;
      actor: string | null;
    };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS: Record<1 | 2, readonly string[]> = { 1: ['v', 'modelVersionId', 'actor', 'decisions'], 2: ['v', 'projectId', 'modelVersionId', 'decisions'] };

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
  const v = m['v'];
  if (v !== 1 && v !== 2) return invalid('v must be 2 (or 1, the format from before projects)', payload, m);
  const extra = Object.keys(m).filter((k) => !FIELDS[v].includes(k));
  if (extra.length > 0) return invalid(`unknown field(s) of a v${v} message: ${extra.slice(0, 5).join(', ')}`, payload, m);
  const projectId = m['projectId'];
  if (v === 2 && (typeof projectId !== 'string' || !UUID.test(projectId))) return invalid('projectId must be a UUID', payload, m);
  if (typeof m['modelVersionId'] !== 'string' || !UUID.test(m['modelVersionId'])) return invalid('modelVersionId must be a UUID', payload, m);
  const actor = m['actor'];
  if (v === 1 && (typeof actor !== 'string' || actor.length === 0 || actor.length > GOVERNANCE_LIMITS.maxNameLength)) {
    return invalid(`actor must be a string of 1 to ${GOVERNANCE_LIMITS.maxNameLength} characters`, payload, m);
  }
  const decisions = m['decisions'];
  if (!Array.isArray(decisions) || decisions.length === 0 || decisions.length > GOVERNANCE_LIMITS.maxDecisionsPerCall) {
    return invalid(`decisions must be an array of 1 to ${GOVERNANCE_LIMITS.maxDecisionsPerCall} rows`, payload, m);
  }
  return {
    ok: true,
    batch: {
      v,
      projectId: v === 2 ? (projectId as string).toLowerCase() : null,
      modelVersionId: m['modelVersionId'],
      payloadActor: v === 1 ? (actor as string) : null,
      decisions,
    },
    payload,
  };
}

function invalid(reason: string, payload: string, m: Record<string, unknown>): DecisionBatchDecoding {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value.slice(0, 200) : null);
  const projectId = m['projectId'];
  return {
    ok: false,
    code: 'INVALID_MESSAGE',
    reason,
    payload,
    projectId: typeof projectId === 'string' && UUID.test(projectId) ? projectId.toLowerCase() : null,
    modelVersionId: text(m['modelVersionId']),
    actor: text(m['actor']),
  };
}
