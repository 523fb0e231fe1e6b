/**
 * Every domain error code. Services put `{ code, message, details }` on the wire; the gateway maps
 * each code to a GraphQL error code (exhaustively, the compiler checks) and the ingest HTTP layer
 * maps each to a status.
 */
export const ERROR_CODES = [
  // client mistakes
  'VALIDATION_FAILED',
  'BODY_NOT_JSON',
  'BODY_TOO_LARGE',
  'EVENT_TOO_LARGE',
  'UNSUPPORTED_ENCODING',
  /** A Content-Type the endpoint does not read, or a malformed one (HTTP 415). */
  'UNSUPPORTED_MEDIA_TYPE',
  /** The client did not finish sending its request (headers or body) within the server's time limit (HTTP 408). */
  'REQUEST_TIMEOUT',
  /** Request headers larger than the server reads (HTTP 431). */
  'HEADERS_TOO_LARGE',
  /** A GraphQL query document longer, deeper or with more tokens than the gateway parses. */
  'QUERY_TOO_LARGE',
  /**
   * A GraphQL operation that asks for too much: its estimated cost, aliases, directives, selections or
   * introspection depth exceed the gateway's limits, its fragments form a cycle, or the request is a batch.
   */
  'QUERY_TOO_COMPLEX',
  /** A GraphQL introspection query (`__schema`, `__type`) while the gateway has introspection switched off. */
  'INTROSPECTION_DISABLED',
  /** Too many requests (events per write key, logins per email or address): retry after `details.retryAfterSeconds` (HTTP 429). */
  'RATE_LIMITED',
  'WRITE_KEY_MISSING',
  'WRITE_KEY_INVALID',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  /** A cookie-authenticated mutation without the anti-CSRF header `x-fulcrum-csrf` matching the session. */
  'CSRF_TOKEN_INVALID',
  /** A message on the bus without the actor header of the request envelope (a caller bug). */
  'ACTOR_MISSING',
  'NOT_FOUND',
  'PROJECT_NOT_FOUND',
  'CONFLICT',
  'MODEL_NOT_FOUND',
  'MODEL_VERSION_NOT_FOUND',
  'DECISION_NOT_FOUND',
  'AUDIT_ENTRY_NOT_FOUND',
  'RULE_NOT_FOUND',
  /** A backlog item id or key that the project does not have. */
  'ITEM_NOT_FOUND',
  /** Evidence id unknown in the project. */
  'EVIDENCE_NOT_FOUND',
  /** A success metric id unknown on the item. */
  'SUCCESS_METRIC_NOT_FOUND',
  /** A backlog state move the state machine does not allow; `details.allowed` names the allowed targets. */
  'INVALID_TRANSITION',
  /** A link that would close a cycle of work-ordering links; `details.cycle` is the cycle as item keys. */
  'LINK_CYCLE',
  /** Accepting an item whose success metrics are not all MET, without an override reason; `details.metrics` says which. */
  'ACCEPTANCE_BLOCKED',
  /**
   * A tracking plan publish whose SchemaVer labels do not match the changes: a new definition not
   * `1-0-0`, an unchanged schema with a new SchemaVer, or a changed one not exactly one step on or
   * with a step smaller than the change needs; `details.definitions` names each with its labelled
   * step, computed kind and incompatibilities.
   */
  'SCHEMA_CHANGE_MISLABELLED',
  /** A tracking plan publish that leaves out definitions of the current version (`details.events`): deprecate them instead. */
  'DEFINITION_REMOVED',
  /** Moving `production` to a version without a passing audit in the last N days. */
  'PROMOTION_BLOCKED',
  /** `asOfDataVersion` above the current data version (not applied yet). */
  'DATA_VERSION_UNAVAILABLE',
  'ANALYSIS_NOT_FOUND',
  /** Sandboxed SQL: a statement or object outside the read-only allow-list (writes, COPY, files, ATTACH, SET, ...). */
  'SQL_NOT_ALLOWED',
  /** Sandboxed SQL that does not parse or bind (syntax error, unknown column, ...). */
  'SQL_INVALID',
  /** Sandboxed SQL that ran past its time limit (interrupted). */
  'SQL_TIMEOUT',
  /** An insight that ran past the analytics service's time limit (interrupted): narrow the range, name an event, lower the depth. */
  'INSIGHT_TIMEOUT',
  /** A result too large to return (narrow the query or page it). */
  'RESULT_TOO_LARGE',
  /** A query (sandboxed SQL or insight) stopped because it needed more memory or temporary disk than one query may use. */
  'RESOURCE_EXHAUSTED',
  // our side
  'BROKER_UNAVAILABLE',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DomainErrorPayload {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function isDomainErrorPayload(value: unknown): value is DomainErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === 'string';
}
