import { ApolloServerErrorCode, ApolloServerValidationErrorCode } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { ErrorCode } from '@fulcrum/contracts';
import { GRAPHQL_ERROR_CODES } from './graphql-error.map';

/** graphql-js's MaxIntrospectionDepthRule (in its specified rules): more than three nested lists under `__schema`/`__type`. */
export const INTROSPECTION_DEPTH_MESSAGE = 'Maximum introspection depth exceeded';
/** How many lists the rule lets introspection nest (graphql-js's `MAX_LISTS_DEPTH`). */
const INTROSPECTION_MAX_LISTS = 3;

/** graphql-js's " Did you mean "a", "b", or "c"?" (names cannot contain `?`). */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Apollo `formatError`, for the limits that Apollo and graphql-js enforce themselves:
 * - no message suggests field, argument, type or enum value names ("Did you mean …"): they would
 *   name the schema to anyone, even without a token. Validation is told to hide them already; this
 *   also covers variables that fail coercion at execution;
 * - Apollo's refusal of introspection while `FULCRUM_GRAPHQL_INTROSPECTION=false` becomes
 *   `INTROSPECTION_DISABLED`, and graphql-js's refusal of deep introspection becomes
 *   `QUERY_TOO_COMPLEX`, both with a `domainCode` like the gateway's own errors (HTTP 400, as
 *   Apollo answers every validation error).
 */
export function formatLimitErrors(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (extensions['validationErrorCode'] === ApolloServerValidationErrorCode.INTROSPECTION_DISABLED) {
    return recoded(formatted, 'INTROSPECTION_DISABLED', 'Introspection (__schema, __type) is switched off on this gateway (FULCRUM_GRAPHQL_INTROSPECTION=false)');
  }
  if (extensions['code'] === ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED && formatted.message === INTROSPECTION_DEPTH_MESSAGE) {
    return recoded(formatted, 'QUERY_TOO_COMPLEX', `${INTROSPECTION_DEPTH_MESSAGE}: at most ${INTROSPECTION_MAX_LISTS} lists of types, fields or interfaces nest inside each other`, {
      limit: 'introspectionDepth',
      max: INTROSPECTION_MAX_LISTS,
    });
  }
  const message = formatted.message.replace(SUGGESTION, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}

function recoded(formatted: GraphQLFormattedError, domainCode: ErrorCode, message: string, details?: Record<string, unknown>): GraphQLFormattedError {
  const { validationErrorCode: _apollos, ...extensions } = formatted.extensions ?? {};
  return {
    ...formatted,
    message,
    extensions: { ...extensions, code: GRAPHQL_ERROR_CODES[domainCode], domainCode, ...(details && { details }) },
  };
}
