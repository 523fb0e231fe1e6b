import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@fulcrum/contracts';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { AuthService } from './auth.service';
import type { Principal } from './principal';
import type { Role } from './role';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Global guard (APP_GUARD): every handler requires `Authorization: Bearer <token>` unless marked
 * `@Public()`, so a new resolver cannot be left open by forgetting a decorator.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = requestOf(context);
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Send an API token as "Authorization: Bearer <token>".');
    const principal = await this.auth.authenticate(token);
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'The API token is not valid.');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new DomainError('FORBIDDEN', `This operation needs one of the roles: ${roles.join(', ')}.`, { role: principal.role });
    }
    request.principal = principal;
    return true;
  }
}

function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
