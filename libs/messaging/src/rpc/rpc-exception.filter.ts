import { type ArgumentsHost, Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { DomainError, type DomainErrorPayload } from '@fulcrum/contracts';
import { isBrokerUnavailable } from '../nats/nats-error.classifier';

/**
 * Errors cross NATS as data: a DomainError becomes its `{ code, message, details }` payload; anything
 * else is logged here and leaves as a bare INTERNAL error without internals.
 */
@Catch()
export class DomainRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcExceptionFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcErrorPayload(exception, this.logger));
  }
}

export function toRpcErrorPayload(exception: unknown, logger: Logger): DomainErrorPayload {
  if (exception instanceof DomainError) return exception.toPayload();
  if (isBrokerUnavailable(exception)) {
    return { code: 'SERVICE_UNAVAILABLE', message: 'A dependency of this service is unavailable; retry later.' };
  }
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { code: 'INTERNAL', message: 'Internal error' };
}
