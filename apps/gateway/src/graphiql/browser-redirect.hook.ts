import type { FastifyInstance } from 'fastify';

/**
 * A browser opening `/graphql` (GET, HTML accepted, no query) gets GraphiQL instead of a GraphQL
 * error; API clients are untouched.
 */
export function redirectBrowsersToGraphiql(fastify: FastifyInstance, graphqlPath = '/graphql'): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const path = request.url.split('?')[0];
    if (path !== graphqlPath && path !== `${graphqlPath}/`) return;
    if (!(request.headers.accept ?? '').includes('text/html')) return;
    if ((request.query as Record<string, unknown> | undefined)?.['query'] !== undefined) return;
    await reply.redirect('/graphiql', 302);
  });
}
