import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GraphQLError } from 'graphql';
import { DomainError } from '@fulcrum/contracts';
import { type RequestEnvelope, httpRequestEnvelope, withEnvelopeSync } from '@fulcrum/messaging';
import { GqlArgumentsHost } from '@nestjs/graphql';
import { GRAPHQL_ERROR_CODES, HTTP_STATUS } from './graphql-error.map';
import { markRateLimited } from './rate-limited.status';

/** HTTP 4xx statuses of framework errors → our codes (anything else 4xx: VALIDATION_FAILED). */
const CLIENT_ERROR_CODES: Readonly<Record<number, DomainError['code']>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  408: 'REQUEST_TIMEOUT',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
};

/**
 * Global filter: a DomainError becomes a GraphQL error with `extensions.code` (and the domain code
 * and details); anything unexpected is logged and leaves as a bare INTERNAL_SERVER_ERROR. A
 * RATE_LIMITED refusal also makes the HTTP answer 429 with Retry-After.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    // The log line of an unexpected error names the request (the gateway keeps no envelope in async-local storage).
    const domain = withEnvelopeSync(envelopeOf(host), () => this.toDomainError(exception));
    const code = GRAPHQL_ERROR_CODES[domain.code];
    if (host.getType<string>() === 'graphql') {
      if (domain.code === 'RATE_LIMITED') {
        // Answered as HTTP 429 with Retry-After (rate-limited.status.ts); the error goes on as every other.
        const request = GqlArgumentsHost.create(host).getContext<{ req?: object }>().req;
        if (request) markRateLimited(request, domain);
      }
      return new GraphQLError(domain.message, {
        extensions: { code, domainCode: domain.code, ...(domain.details && { details: domain.details }) },
      });
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(HTTP_STATUS[code] ?? 500).send({ error: domain.toPayload() });
  }

  private toDomainError(exception: unknown): DomainError {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof GraphQLError) {
      return new DomainError('VALIDATION_FAILED', exception.message);
    }
    if (exception instanceof HttpException && exception.getStatus() === 404) {
      return new DomainError('NOT_FOUND', 'Not found');
    }
    if (exception instanceof HttpException && exception.getStatus() >= 400 && exception.getStatus() < 500) {
      // A client's mistake the HTTP layer caught (Fastify's 4xx errors reach here as HttpExceptions):
      // never a 500. Its own status code picks ours.
      return new DomainError(CLIENT_ERROR_CODES[exception.getStatus()] ?? 'VALIDATION_FAILED', exception.message);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return new DomainError('INTERNAL', 'Internal error');
  }
}

/** The envelope of the HTTP request behind a GraphQL field or an HTTP route, when there is one. */
function envelopeOf(host: ArgumentsHost): RequestEnvelope | undefined {
  const request = host.getType<string>() === 'graphql' ? GqlArgumentsHost.create(host).getContext<{ req?: object }>()?.req : host.switchToHttp().getRequest<object | undefined>();
  return typeof request === 'object' && request !== null ? httpRequestEnvelope(request) : undefined;
}
