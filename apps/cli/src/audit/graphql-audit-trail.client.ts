import type { GraphqlConnection } from '../decisions/graphql-decisions.client';

/** A request the gateway did not answer with data: its GraphQL `extensions.code`, `HTTP_<status>`, NETWORK or BAD_RESPONSE. */
export class AuditRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuditRequestError';
  }
}

/** An audit-trail entry as the API lists it: the hashed fields (six for v 1, nine for v 2) and the recorded leaf hash. */
export interface ListedEntry {
  v: number;
  seq: number;
  at: string;
  actor: string;
  actorName: string | null;
  projectId: string | null;
  action: string;
  subject: string;
  payloadHash: string;
  leafHash: string;
}

export interface EntryPage {
  nodes: ListedEntry[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface EntryProof {
  entry: ListedEntry;
  treeHead: { treeSize: number; rootHash: string; timestamp: string; signature: string; keyId: string };
  inclusion: { leafIndex: number; treeSize: number; leafHash: string; path: string[] };
}

const ENTRY_FIELDS = 'v seq at actor actorName projectId action subject payloadHash leafHash';

const TRAIL = `query AuditTrail($projectId: ID!, $first: Int, $after: String) {
  auditTrail(projectId: $projectId, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${ENTRY_FIELDS} } }
}`;

const PROOF = `query AuditProof($projectId: ID!, $seq: Int!, $treeSize: Int) {
  auditProof(projectId: $projectId, seq: $seq, treeSize: $treeSize) {
    entry { ${ENTRY_FIELDS} } treeHead { treeSize rootHash timestamp signature keyId } inclusion { leafIndex treeSize leafHash path }
  }
}`;

const PUBLIC_KEY = '{ auditPublicKey { publicKeyPem keyId } }';

const REQUEST_TIMEOUT_MS = 60_000;

/** One page of a project's audit trail (oldest first). */
export async function fetchTrailPage(connection: GraphqlConnection, projectId: string, first: number, after: string | null): Promise<EntryPage> {
  return (await query<{ auditTrail: EntryPage }>(connection, TRAIL, { projectId, first, after })).auditTrail;
}

/** An entry of the project with its inclusion proof in the signed head of `treeSize` (the current size when null). */
export async function fetchProof(connection: GraphqlConnection, projectId: string, seq: number, treeSize: number | null): Promise<EntryProof> {
  return (await query<{ auditProof: EntryProof }>(connection, PROOF, { projectId, seq, treeSize })).auditProof;
}

/** The key the server says signs its tree heads (trust it only after comparing its fingerprint with a published one). */
export async function fetchPublicKey(connection: GraphqlConnection): Promise<{ publicKeyPem: string; keyId: string }> {
  return (await query<{ auditPublicKey: { publicKeyPem: string; keyId: string } }>(connection, PUBLIC_KEY, {})).auditPublicKey;
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
    throw new AuditRequestError('NETWORK', `cannot reach ${connection.url}: ${cause}`);
  }
  const raw = await response.text();
  let body: { data?: T | null; errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    throw new AuditRequestError(`HTTP_${response.status}`, `the gateway answered HTTP ${response.status} without JSON: ${raw.slice(0, 200)}`);
  }
  const first = body.errors?.[0];
  if (first) {
    throw new AuditRequestError(typeof first.extensions?.code === 'string' ? first.extensions.code : 'GRAPHQL_ERROR', typeof first.message === 'string' ? first.message : JSON.stringify(first));
  }
  if (!response.ok || !body.data) throw new AuditRequestError(`HTTP_${response.status}`, `unexpected answer from ${connection.url}: ${raw.slice(0, 200)}`);
  return body.data;
}
