import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Match, type MsgHdrs } from 'nats';
import { Observable, finalize, tap, throwError } from 'rxjs';
import { DomainError, type ErrorCode, isDomainErrorPayload } from '@fulcrum/contracts';
import { isBrokerUnavailable } from '../nats/nats-error.classifier';
import { isRequestId } from './envelope.format';
import { envelopeFromHeaders } from './envelope.headers';
import { ENVELOPE_HEADERS, type RequestEnvelope, runWithEnvelope } from './request-envelope';

/**
 * Global interceptor of every service's RPC handlers: reads the request envelope from the NATS
 * headers (refusing a request without an actor with `ACTOR_MISSING`, as `{ code, message,
 * details }` through the handler's `DomainRpcExceptionFilter`), runs the handler inside
 * `runWithEnvelope` so that `currentEnvelope()` and every log line know the request, and logs one
 * line per handled request: `rpc <subject> <ms>ms <ok|code>`. Other contexts (HTTP) pass through.
 */
@Injectable()
export class RequestEnvelopeInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const subject = typeof nats?.getSubject === 'function' ? nats.getSubject() : 'unknown';
    const started = performance.now();
    const headers = typeof nats?.getHeaders === 'function' ? (nats.getHeaders() as MsgHdrs | undefined) : undefined;
    let envelope: RequestEnvelope;
    try {
      envelope = envelopeFromHeaders(headers);
    } catch (error) {
      // Refused before any envelope exists: name the request id by hand when a valid one came.
      const requestId = headers?.get(ENVELOPE_HEADERS.requestId, Match.IgnoreCase);
      this.logger.warn(`rpc ${subject} ${elapsed(started)}ms ${codeOf(error)}${isRequestId(requestId) ? ` [req ${requestId}]` : ''}`);
      return throwError(() => error);
    }
    let outcome = 'ok';
    const done = () => runWithEnvelope(envelope, () => this.logger.log(`rpc ${subject} ${elapsed(started)}ms ${outcome}`));
    // The subscription itself runs inside the envelope: the handler is called on subscribe.
    return new Observable((subscriber) =>
      runWithEnvelope(envelope, () =>
        next
          .handle()
          .pipe(
            tap({ error: (error: unknown) => (outcome = codeOf(error)) }),
            finalize(done),
          )
          .subscribe(subscriber),
      ),
    );
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** The code the caller will see (as `toRpcErrorPayload` decides it). */
export function codeOf(error: unknown): ErrorCode {
  if (error instanceof DomainError) return error.code;
  if (isDomainErrorPayload(error)) return error.code;
  if (isBrokerUnavailable(error)) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL';
}
