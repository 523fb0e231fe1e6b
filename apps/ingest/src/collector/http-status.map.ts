import type { ErrorCode } from '@fulcrum/contracts';
import type { FrontDoor } from './front-door';

/** Every domain error code has an HTTP status (the compiler checks the table is complete). */
const STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  BODY_NOT_JSON: 400,
  BODY_TOO_LARGE: 400,
  EVENT_TOO_LARGE: 400,
  UNSUPPORTED_ENCODING: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  QUERY_TOO_LARGE: 413,
  QUERY_TOO_COMPLEX: 400,
  INTROSPECTION_DISABLED: 400,
  RATE_LIMITED: 429,
  WRITE_KEY_MISSING: 401,
  WRITE_KEY_INVALID: 401,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  ACTOR_MISSING: 401,
  NOT_FOUND: 404,
  PROJECT_NOT_FOUND: 404,
  CONFLICT: 409,
  MODEL_NOT_FOUND: 404,
  MODEL_VERSION_NOT_FOUND: 404,
  DECISION_NOT_FOUND: 404,
  AUDIT_ENTRY_NOT_FOUND: 404,
  RULE_NOT_FOUND: 400,
  ITEM_NOT_FOUND: 404,
  EVIDENCE_NOT_FOUND: 404,
  SUCCESS_METRIC_NOT_FOUND: 404,
  INVALID_TRANSITION: 400,
  LINK_CYCLE: 400,
  ACCEPTANCE_BLOCKED: 400,
  SCHEMA_CHANGE_MISLABELLED: 400,
  DEFINITION_REMOVED: 400,
  PROMOTION_BLOCKED: 409,
  DATA_VERSION_UNAVAILABLE: 400,
  ANALYSIS_NOT_FOUND: 404,
  SQL_NOT_ALLOWED: 403,
  SQL_INVALID: 400,
  SQL_TIMEOUT: 408,
  INSIGHT_TIMEOUT: 408,
  RESULT_TOO_LARGE: 400,
  RESOURCE_EXHAUSTED: 422,
  BROKER_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/**
 * Status for an error at a front door. PostHog clients halve their batch on 413, so an oversized
 * PostHog body gets 413 (Segment's documented answer, used elsewhere, is 400).
 *
 * RATE_LIMITED is 429 except at the PostHog door, where it is 503: posthog-js's retry queue retries
 * only network errors, 3xx and 5xx (a 429 is handed back to the app and the events are lost), while
 * posthog-node retries 408, 429 and every 5xx alike. 503 with Retry-After is the one answer both
 * retry. analytics-node and analytics.js retry a 429 (docs/ingest.md, "Rate limits").
 */
export function httpStatusFor(code: ErrorCode, door: FrontDoor): number {
  if (door === 'posthog' && code === 'BODY_TOO_LARGE') return 413;
  if (door === 'posthog' && code === 'RATE_LIMITED') return 503;
  return STATUS[code];
}

/** Seconds a client should wait before retrying a 503 (official SDKs honour `Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;
