import type { ErrorCode } from '@fulcrum/contracts';

/**
 * Every domain error code → the GraphQL `extensions.code` clients switch on. A new domain code does
 * not compile until it is mapped here.
 */
export const GRAPHQL_ERROR_CODES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'BAD_USER_INPUT',
  BODY_NOT_JSON: 'BAD_USER_INPUT',
  BODY_TOO_LARGE: 'BAD_USER_INPUT',
  EVENT_TOO_LARGE: 'BAD_USER_INPUT',
  UNSUPPORTED_ENCODING: 'BAD_USER_INPUT',
  WRITE_KEY_MISSING: 'UNAUTHENTICATED',
  WRITE_KEY_INVALID: 'UNAUTHENTICATED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  PROJECT_NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BROKER_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** HTTP status for the same codes, for the few plain HTTP routes of the gateway. */
export const HTTP_STATUS: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};
