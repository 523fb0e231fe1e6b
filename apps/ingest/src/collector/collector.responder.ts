import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@fulcrum/contracts';
import type { FrontDoor } from './front-door';
import { RETRY_AFTER_SECONDS, httpStatusFor } from './http-status.map';

const SUCCESS_BODY: Readonly<Record<FrontDoor, (accepted: number) => unknown>> = {
  native: (accepted) => ({ accepted }),
  segment: () => ({ success: true }),
  posthog: () => ({ status: 1 }),
};

/**
 * Turns the outcome of a collect call into the dialect's HTTP answer: success bodies as the official
 * servers answer them, errors as `{ error: { code, message, details } }` with the mapped status.
 * Only our own faults are 5xx (they are logged and never leak internals), and a rate-limited PostHog
 * request (503: the one status posthog-js retries, see http-status.map.ts).
 */
@Injectable()
export class CollectorResponder {
  private readonly logger = new Logger('Collector');

  async respond(reply: FastifyReply, door: FrontDoor, work: () => Promise<number>): Promise<void> {
    try {
      const accepted = await work();
      await reply.status(200).send(SUCCESS_BODY[door](accepted));
    } catch (error) {
      const domain =
        error instanceof DomainError ? error : new DomainError('INTERNAL', 'Internal error. Part of the request may be stored: retry it with the same event ids (duplicates are ignored).');
      if (!(error instanceof DomainError)) {
        this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
      const status = httpStatusFor(domain.code, door);
      const retryAfter = retryAfterSeconds(domain, status);
      if (retryAfter !== undefined) {
        void reply.header('Retry-After', String(retryAfter));
        // analytics.js (browsers) waits the seconds of X-RateLimit-Reset before retrying a 429.
        if (domain.code === 'RATE_LIMITED') void reply.header('X-RateLimit-Reset', String(retryAfter));
        // Browsers hide response headers from cross-origin scripts unless they are exposed.
        void reply.header('Access-Control-Expose-Headers', 'Retry-After, X-RateLimit-Reset');
      }
      await reply.status(status).send({ error: domain.toPayload() });
    }
  }
}

/**
 * Seconds to put in Retry-After (whole seconds, at least 1): the rate limiter's own figure for
 * RATE_LIMITED, the fixed outage figure for any other 503, none otherwise.
 */
function retryAfterSeconds(error: DomainError, status: number): number | undefined {
  const asked = error.code === 'RATE_LIMITED' ? error.details?.['retryAfterSeconds'] : undefined;
  if (typeof asked === 'number' && Number.isFinite(asked)) return Math.max(1, Math.ceil(asked));
  return status === 503 || status === 429 ? RETRY_AFTER_SECONDS : undefined;
}
