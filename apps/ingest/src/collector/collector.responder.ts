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
 * Only our own faults are 5xx; they are logged and never leak internals.
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
      if (status === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      await reply.status(status).send({ error: domain.toPayload() });
    }
  }
}
