import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Observable } from 'rxjs';
import { type RequestEnvelope, currentEnvelope, httpRequestEnvelope, runWithEnvelope, serviceEnvelope } from '@fulcrum/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';

/** The gateway acting by itself: public fields (no principal) and anything before authentication. */
export const GATEWAY_ACTOR = 'service:gateway';

/**
 * Global interceptor: every resolver (and HTTP handler) runs inside the request envelope of its
 * HTTP request, with the authenticated principal as the actor (`user:<userId>` and the display
 * name). Interceptors run after the guards, so the principal is known here; a public field called
 * without credentials acts as `service:gateway`. Every RPC a resolver makes carries this envelope.
 */
@Injectable()
export class RequestEnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const envelope = envelopeFor(requestOf(context));
    return new Observable((subscriber) => runWithEnvelope(envelope, () => next.handle().subscribe(subscriber)));
  }
}

export function envelopeFor(request: AuthenticatedRequest | undefined): RequestEnvelope {
  const edge = (request && httpRequestEnvelope(request)) ?? currentEnvelope() ?? serviceEnvelope('gateway');
  const { actorName: _edgeName, ...base } = edge;
  const principal = request?.principal;
  return principal ? { ...base, actorId: `user:${principal.userId}`, actorName: principal.displayName } : { ...base, actorId: GATEWAY_ACTOR };
}

function requestOf(context: ExecutionContext): AuthenticatedRequest | undefined {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req?: AuthenticatedRequest }>().req;
  if (context.getType() === 'http') return context.switchToHttp().getRequest<AuthenticatedRequest>();
  return undefined;
}
