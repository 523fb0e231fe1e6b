import type { FastifyInstance } from 'fastify';
import { GRAPHQL_ERROR_CODES, HTTP_STATUS } from '../graphql/graphql-error.map';
import { QUERY_DOCUMENT_LIMITS, type QueryDocumentLimits, queryDocumentProblem } from './query-document.limits';

/**
 * Refuses a GraphQL query document over the limits (length, tokens, depth) before Apollo parses it,
 * with a GraphQL error `QUERY_TOO_LARGE` (HTTP 413, no `data`: nothing was executed). Checks the
 * `query` of a POST body (each entry of a batch) and of a GET `?query=`. The variables are not
 * checked here: they are data, bounded by the body limit.
 */
export function limitQueryDocuments(fastify: FastifyInstance, options: { path: string; limits?: QueryDocumentLimits }): void {
  const limits = options.limits ?? QUERY_DOCUMENT_LIMITS;
  const code = GRAPHQL_ERROR_CODES.QUERY_TOO_LARGE;
  fastify.addHook('preValidation', (request, reply, done) => {
    if (request.routeOptions.url !== options.path) return done();
    for (const text of queryTexts(request.body, request.query)) {
      const problem = queryDocumentProblem(text, limits);
      if (problem) {
        void reply
          .code(HTTP_STATUS[code] ?? 413)
          .send({ errors: [{ message: problem.message, extensions: { code, domainCode: 'QUERY_TOO_LARGE', details: problem.details } }] });
        return; // not calling done(): the answer ends the request here
      }
    }
    done();
  });
}

/** Every query text a request carries; anything that is not a string is left to Apollo to refuse. */
function queryTexts(body: unknown, query: unknown): string[] {
  const requests = [...(Array.isArray(body) ? body : [body]), query];
  return requests.flatMap((entry) => {
    const text = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['query'] : undefined;
    return (Array.isArray(text) ? text : [text]).filter((value): value is string => typeof value === 'string');
  });
}
