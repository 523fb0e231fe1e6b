import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '@fulcrum/contracts';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';

/** The caller the auth guard resolved from the API token (never anything the client sent). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  // The global guard runs first and sets it for every non-public handler; absent means misconfiguration.
  if (!request.principal) throw new DomainError('UNAUTHENTICATED', 'Send an API token as "Authorization: Bearer <token>".');
  return request.principal;
});
