import type { DecisionInputDto, RecordDecisionsReply } from '@fulcrum/contracts';

export interface GraphqlConnection {
  url: string;
  token: string;
}

/** A batch the gateway did not take at all (as opposed to single rows it rejected). */
export class BatchRequestError extends Error {
  constructor(
    /** The GraphQL extensions.code (e.g. FORBIDDEN, NOT_FOUND), `HTTP_<status>`, or NETWORK. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BatchRequestError';
  }
}

const RECORD_DECISIONS = `mutation RecordDecisions($projectId: ID!, $modelVersionId: ID!, $decisions: [DecisionInput!]!) {
  recordDecisions(projectId: $projectId, modelVersionId: $modelVersionId, decisions: $decisions) { accepted duplicates rejected { index code message } auditSeq }
}`;

/** One batch can take a while on a busy service; a hung connection must not hang the import. */
const REQUEST_TIMEOUT_MS = 120_000;

/** Sends one batch to the gateway's `recordDecisions` mutation, for a model version of a project. */
export async function recordDecisions(
  connection: GraphqlConnection,
  target: { projectId: string; modelVersionId: string },
  decisions: DecisionInputDto[],
): Promise<RecordDecisionsReply> {
  let response: Response;
  try {
    response = await fetch(connection.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${connection.token}` },
      body: JSON.stringify({ query: RECORD_DECISIONS, variables: { projectId: target.projectId, modelVersionId: target.modelVersionId, decisions } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new BatchRequestError('NETWORK', `cannot reach ${connection.url}: ${cause}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BatchRequestError(`HTTP_${response.status}`, `the gateway answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
  }
  const { data, errors, message } = (body ?? {}) as { data?: { recordDecisions?: unknown } | null; errors?: unknown; message?: unknown };
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as { message?: unknown; extensions?: { code?: unknown } };
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'GRAPHQL_ERROR';
    throw new BatchRequestError(code, typeof first.message === 'string' ? first.message : JSON.stringify(first));
  }
  if (!response.ok) {
    throw new BatchRequestError(`HTTP_${response.status}`, typeof message === 'string' ? message : `the gateway answered HTTP ${response.status}`);
  }
  const reply = data?.recordDecisions;
  if (!isRecordDecisionsReply(reply, decisions.length)) {
    throw new BatchRequestError('BAD_RESPONSE', `unexpected answer from ${connection.url}: ${text.slice(0, 200)}`);
  }
  return reply;
}

function isRecordDecisionsReply(value: unknown, rows: number): value is RecordDecisionsReply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Number.isInteger(v['accepted']) &&
    Number.isInteger(v['duplicates']) &&
    Array.isArray(v['rejected']) &&
    v['rejected'].every((r: unknown) => {
      const rr = r as Record<string, unknown> | null;
      return rr !== null && typeof rr === 'object' && Number.isInteger(rr['index']) && (rr['index'] as number) >= 0 && (rr['index'] as number) < rows && typeof rr['code'] === 'string' && typeof rr['message'] === 'string';
    })
  );
}
