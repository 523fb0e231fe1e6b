import type { GraphqlConnection } from '../decisions/graphql-decisions.client';

/** A request the gateway did not answer with a plan: its GraphQL `extensions.code`, `HTTP_<status>`, NETWORK, BAD_RESPONSE or NOT_PUBLISHED. */
export class PlanRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PlanRequestError';
  }
}

const CURRENT_VERSION = 'query PlanCurrentVersion($projectId: ID!) { trackingPlan(projectId: $projectId) { currentVersion } }';
const EXPORT = 'query ExportTrackingPlan($projectId: ID!, $version: Int) { exportTrackingPlan(projectId: $projectId, version: $version) }';

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * A version of a project's plan as `exportTrackingPlan` answers it (not yet checked), with its
 * number. Without `version`, the current version's number is asked first (`trackingPlan`) and
 * that version exported, so the number and the document always belong together even while someone
 * publishes. Nothing published yet is NOT_PUBLISHED.
 */
export async function fetchExportedPlan(connection: GraphqlConnection, projectId: string, version: number | null): Promise<{ version: number; document: unknown }> {
  let wanted = version;
  if (wanted === null) {
    const plan = (await query<{ trackingPlan: { currentVersion: number | null } | null }>(connection, CURRENT_VERSION, { projectId })).trackingPlan;
    if (!plan || plan.currentVersion === null) throw new PlanRequestError('NOT_PUBLISHED', `project ${projectId} has no published tracking plan yet`);
    wanted = plan.currentVersion;
  }
  const data = await query<{ exportTrackingPlan?: unknown }>(connection, EXPORT, { projectId, version: wanted });
  if (data.exportTrackingPlan === null || data.exportTrackingPlan === undefined) {
    throw new PlanRequestError('NOT_PUBLISHED', `project ${projectId} has no tracking plan version ${wanted}`);
  }
  return { version: wanted, document: data.exportTrackingPlan };
}

async function query<T>(connection: GraphqlConnection, text: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(connection.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${connection.token}` },
      body: JSON.stringify({ query: text, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new PlanRequestError('NETWORK', `cannot reach ${connection.url}: ${cause}`);
  }
  const raw = await response.text();
  let body: { data?: T | null; errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    throw new PlanRequestError(`HTTP_${response.status}`, `the gateway answered HTTP ${response.status} without JSON: ${raw.slice(0, 200)}`);
  }
  const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  if (first) {
    throw new PlanRequestError(typeof first.extensions?.code === 'string' ? first.extensions.code : 'GRAPHQL_ERROR', typeof first.message === 'string' ? first.message : JSON.stringify(first));
  }
  if (!response.ok) throw new PlanRequestError(`HTTP_${response.status}`, `the gateway answered HTTP ${response.status}: ${raw.slice(0, 200)}`);
  if (typeof body?.data !== 'object' || body.data === null) throw new PlanRequestError('BAD_RESPONSE', `unexpected answer from ${connection.url}: ${raw.slice(0, 200)}`);
  return body.data;
}
