import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { httpRequestEnvelope } from '@fulcrum/messaging';

interface GraphqlContext {
  req?: object;
}

/**
 * Every GraphQL error names the request id in `extensions.requestId`: the same id as the
 * `x-request-id` response header and every log line of the request. Done when the answer is sent,
 * where the GraphQL context (so the HTTP request and its envelope) is at hand: the gateway keeps no
 * envelope in async-local storage, and Apollo's `formatError` sees no context.
 */
export const graphqlRequestIdPlugin: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart(): Promise<GraphQLRequestListener<GraphqlContext>> {
    return {
      async willSendResponse({ response, contextValue }) {
        const body = response.body;
        if (body.kind !== 'single' || !body.singleResult.errors?.length) return;
        const requestId = contextValue.req === undefined ? undefined : httpRequestEnvelope(contextValue.req)?.requestId;
        if (requestId === undefined) return;
        body.singleResult = { ...body.singleResult, errors: withRequestId(body.singleResult.errors, requestId) };
      },
    };
  },
};

export function withRequestId(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[] {
  return errors.map((error) => ({ ...error, extensions: { ...error.extensions, requestId } }));
}
