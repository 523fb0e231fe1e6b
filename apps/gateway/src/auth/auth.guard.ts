import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '@fulcrum/contracts';
import { httpRequestEnvelope, setHttpRequestActor } from '@fulcrum/messaging';
import { IS_PUBLIC } from './auth.decorators';
import { type Access, accessOf } from './authorization.matrix';
import { AuthService } from './auth.service';
import type { Principal } from './principal';
import { projectIdOfArgs } from './project-scope';
import { CSRF_HEADER, SESSION_COOKIE, clearedSessionCookie, readCookie } from './session-cookie';
import { SessionCookiePolicy } from './session-cookie.policy';

export type AuthenticatedRequest = FastifyRequest & {
  principal?: Principal;
  /** The credential resolution of this HTTP request, shared by every root field of the document. */
  principalLookup?: Promise<ResolvedCaller>;
  /** A Set-Cookie value to send with the response (login, logout, an ended session): session-cookie.hook.ts. */
  sessionCookieToSet?: string;
};

interface ResolvedCaller {
  principal: Principal | undefined;
  /** The anti-CSRF token of a session (cookie callers only). */
  csrfToken?: string;
}

/**
 * Global guard (APP_GUARD). GraphQL root fields are authorized by the authorization matrix alone
 * (authorization.matrix.ts): a field without a row is refused, so a new field cannot be left open
 * by forgetting a decorator. Plain HTTP routes need `@Public()` or a Bearer token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly cookies: SessionCookiePolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return this.canActivateHttp(context);
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const request = gql.getContext<{ req: AuthenticatedRequest }>().req;
    const field = `${info.parentType.name}.${info.fieldName}`;
    const access = accessOf(info.parentType.name, info.fieldName);
    // Fail closed: the matrix test keeps this from happening to a field of schema.gql.
    if (!access) throw new DomainError('FORBIDDEN', `No authorization rule covers ${field}.`, { field });
    // Public fields (login) ignore credentials: a stale cookie must not keep anyone from logging in.
    if (access.scope === 'public') return true;
    const caller = await this.resolveCaller(request);
    const principal = caller.principal;
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'Sign in, or send an API token as "Authorization: Bearer <token>".');
    if (info.operation.operation === 'mutation' && principal.credential.kind === 'session') assertCsrf(request, caller.csrfToken);
    authorize(access, principal, gql.getArgs<Record<string, unknown>>(), field);
    return true;
  }

  private async canActivateHttp(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!(await this.resolveCaller(request)).principal) throw new DomainError('UNAUTHENTICATED', 'Send an API token as "Authorization: Bearer <token>".');
    return true;
  }

  /**
   * Bearer token first (scripts, SDKs), else the session cookie (browsers); once per HTTP request.
   * The caller becomes the actor of the request's envelope (`user:<id>` and the display name), so
   * every RPC the resolvers make carries it; without credentials it stays `service:gateway`.
   */
  private resolveCaller(request: AuthenticatedRequest): Promise<ResolvedCaller> {
    request.principalLookup ??= this.lookup(request).then((caller) => {
      request.principal = caller.principal;
      if (caller.principal) setHttpRequestActor(request, `user:${caller.principal.userId}`, caller.principal.displayName);
      return caller;
    });
    return request.principalLookup;
  }

  private async lookup(request: AuthenticatedRequest): Promise<ResolvedCaller> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = bearerToken(header);
      if (!token) throw new DomainError('UNAUTHENTICATED', 'Send an API token as "Authorization: Bearer <token>".');
      const principal = await this.auth.authenticateToken(token, httpRequestEnvelope(request));
      if (!principal) throw new DomainError('UNAUTHENTICATED', 'The API token is not valid (unknown, revoked or expired).');
      return { principal };
    }
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (sessionId === undefined) return { principal: undefined };
    const session = await this.auth.authenticateSession(sessionId, httpRequestEnvelope(request));
    if (!session) {
      // Tell the browser to drop the dead cookie.
      request.sessionCookieToSet = clearedSessionCookie(this.cookies.secure(request));
      throw new DomainError('UNAUTHENTICATED', 'The session has ended; sign in again.');
    }
    return { principal: session.principal, csrfToken: session.csrfToken };
  }
}

/** Applies one matrix row to a resolved caller; throws the coded refusal. */
export function authorize(access: Access, principal: Principal, args: Readonly<Record<string, unknown>>, field: string): void {
  switch (access.scope) {
    case 'public':
    case 'authenticated':
      return;
    case 'instance-admin':
      if (!principal.instanceAdmin) throw new DomainError('FORBIDDEN', `${field} is for instance admins.`, { field });
      return;
    case 'project': {
      const projectId = projectIdOfArgs(args);
      if (projectId === undefined) throw new DomainError('INTERNAL', `${field} is project-scoped but names no project.`);
      // Recovery: instance admins manage the members of any project (the resolver checks it exists).
      if (access.instanceAdmins && principal.instanceAdmin) return;
      const roles = principal.rolesIn(projectId);
      // Outside the project: the same answer as for a project that does not exist.
      if (roles.size === 0) throw new DomainError('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });
      if (!access.roles.some((role) => roles.has(role))) {
        throw new DomainError('FORBIDDEN', `${field} needs one of the roles ${access.roles.join(', ')} in this project.`, {
          field,
          projectId,
          roles: [...roles],
        });
      }
      return;
    }
  }
}

function assertCsrf(request: AuthenticatedRequest, expected: string | undefined): void {
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || expected === undefined || !constantTimeEqual(sent, expected)) {
    throw new DomainError('CSRF_TOKEN_INVALID', `A signed-in browser must send the session's anti-CSRF token in the ${CSRF_HEADER} header with every mutation.`);
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
