import type { GraphQLFormattedError } from 'graphql';
import { currentEnvelope } from '@fulcrum/messaging';

/**
 * Apollo `formatError`: every GraphQL error names the request id in `extensions.requestId` (the
 * same id as the `x-request-id` response header and every log line of the request).
 */
export function withRequestId(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const requestId = currentEnvelope()?.requestId;
  if (requestId === undefined) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, requestId } };
}
