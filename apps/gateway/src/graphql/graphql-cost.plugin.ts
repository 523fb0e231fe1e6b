import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GraphqlCostLimits } from './graphql-cost.limits';
import { operationCost } from './graphql-cost.estimator';
import { GRAPHQL_ERROR_CODES, HTTP_STATUS } from './graphql-error.map';

/**
 * Refuses an operation whose estimated cost is over `limits.maxCost` with `QUERY_TOO_COMPLEX`
 * (HTTP 400, no `data`), once Apollo has validated it and picked the operation, before any resolver
 * runs (Apollo answers an error thrown from `didResolveOperation` in place of executing). The shape
 * limits that need no schema were checked at the HTTP front door (`http/query-document.hook.ts`).
 */
export function graphqlCostPlugin(limits: GraphqlCostLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation of that name: Apollo refuses the request itself.
          if (!operation) return;
          let cost: number;
          try {
            cost = operationCost(schema, document, operation, request.variables, limits);
          } catch (error) {
            // Variables that do not coerce: execution refuses them too, before any resolver runs, with
            // Apollo's own precise message. Anything else is a reason to refuse.
            if (error instanceof GraphQLError && /^Variable "\$/.test(error.message)) return;
            throw queryTooComplex(`The operation's cost could not be estimated: ${(error as Error).message}`, { limit: 'cost', max: limits.maxCost });
          }
          if (cost > limits.maxCost) {
            throw queryTooComplex(
              `The operation's estimated cost is ${cost}; at most ${limits.maxCost} is executed. Select fewer fields inside lists, or split the operation`,
              { limit: 'cost', max: limits.maxCost, actual: cost },
            );
          }
        },
      };
    },
  };
}

function queryTooComplex(message: string, details: Record<string, unknown>): GraphQLError {
  const code = GRAPHQL_ERROR_CODES.QUERY_TOO_COMPLEX;
  return new GraphQLError(message, {
    extensions: { code, domainCode: 'QUERY_TOO_COMPLEX', details, http: { status: HTTP_STATUS[code] ?? 400 } },
  });
}
