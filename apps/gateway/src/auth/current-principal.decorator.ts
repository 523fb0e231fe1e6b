import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '@fulcrum/contracts';
import type { AuthenticatedRequest } from './auth.guard';
import type { Principal } from './principal';

/** The caller the auth guard resolved from the session or API token (never anything the client sent). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  // The global guard runs first and sets it for every non-public field; absent means misconfiguration.
  if (!request.principal) throw new DomainError('UNAUTHENTICATED', 'Sign in, or send an API token as "Authorization: Bearer <token>".');
  return request.principal;
});

/** The HTTP request of a GraphQL operation (login reads the client address and sets the cookie on it). */
export const GraphqlRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedRequest => GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req,
);
