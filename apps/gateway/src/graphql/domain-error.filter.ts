import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GraphQLError } from 'graphql';
import { DomainError } from '@fulcrum/contracts';
import { GRAPHQL_ERROR_CODES, HTTP_STATUS } from './graphql-error.map';

/**
 * Global filter: a DomainError becomes a GraphQL error with `extensions.code` (and the domain code
 * and details); anything unexpected is logged and leaves as a bare INTERNAL_SERVER_ERROR.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    const domain = this.toDomainError(exception);
    const code = GRAPHQL_ERROR_CODES[domain.code];
    if (host.getType<string>() === 'graphql') {
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
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return new DomainError('INTERNAL', 'Internal error');
  }
}
