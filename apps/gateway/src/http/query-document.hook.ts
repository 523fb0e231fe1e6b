import type { FastifyInstance, FastifyReply } from 'fastify';
import { httpRequestEnvelope } from '@fulcrum/messaging';
import { GRAPHQL_ERROR_CODES, HTTP_STATUS } from '../graphql/graphql-error.map';
import { QUERY_DOCUMENT_LIMITS, type QueryDocumentLimits, type QueryDocumentProblem, queryDocumentProblem } from './query-document.limits';

/**
 * Refuses, before Apollo parses anything, a GraphQL request that is
 * - a batch (a JSON array body): `QUERY_TOO_COMPLEX` (HTTP 400), `details.limit` `operations`, without
 *   parsing its documents (only an overlong one is answered as too large first). One request runs one
 *   operation, so the per-operation limits below bound what a request costs;
 * - a query document over the size limits (length, tokens, depth): `QUERY_TOO_LARGE` (HTTP 413);
 * - an operation over the shape limits (aliases, directives, selections, fragments, a fragment
 *   cycle): `QUERY_TOO_COMPLEX` (HTTP 400).
 * The answer is a GraphQL error without `data` (nothing was executed). Checks the `query` of a POST
 * body and of a GET `?query=`. The variables are not checked here: they are data, bounded by the body
 * limit. What needs the schema (the cost) is checked by `graphql/graphql-cost.plugin.ts`.
 */
export function limitQueryDocuments(fastify: FastifyInstance, options: { path: string; limits?: QueryDocumentLimits }): void {
  const limits = options.limits ?? QUERY_DOCUMENT_LIMITS;
  fastify.addHook('preValidation', (request, reply, done) => {
    if (request.routeOptions.url !== options.path) return done();
    if (Array.isArray(request.body)) {
      // None of a batch's documents is parsed; an overlong one is still answered as too large, as always.
      const overlong = request.body.flatMap((entry) => queryTexts(entry, undefined)).find((text) => text.length > limits.maxLength);
      const problem = overlong === undefined ? undefined : queryDocumentProblem(overlong, limits);
      if (problem) {
        refuse(reply, problem);
        return;
      }
      const operations = request.body.length;
      refuse(reply, {
        code: 'QUERY_TOO_COMPLEX',
        message: `The body is a batch (a JSON array of ${operations} operations): send one operation per request`,
        details: { limit: 'operations', max: 1, actual: operations },
      });
      return; // not calling done(): the answer ends the request here
    }
    for (const text of queryTexts(request.body, request.query)) {
      const problem = queryDocumentProblem(text, limits);
      if (problem) {
        refuse(reply, problem);
        return;
      }
    }
    done();
  });
}

interface Refusal {
  code: QueryDocumentProblem['code'];
  message: string;
  details: Record<string, unknown>;
}

function refuse(reply: FastifyReply, { code: domainCode, message, details }: Refusal): void {
  const code = GRAPHQL_ERROR_CODES[domainCode];
  // Like every GraphQL error, it names the request id (http-request-envelope.hook in libs/messaging).
  const requestId = httpRequestEnvelope(reply.request)?.requestId;
  void reply.code(HTTP_STATUS[code] ?? 400).send({ errors: [{ message, extensions: { code, domainCode, details, ...(requestId !== undefined && { requestId }) } }] });
}

/** Every query text a request carries; anything that is not a string is left to Apollo to refuse. */
function queryTexts(body: unknown, query: unknown): string[] {
  return [body, query].flatMap((entry) => {
    const text = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['query'] : undefined;
    return (Array.isArray(text) ? text : [text]).filter((value): value is string => typeof value === 'string');
  });
}
