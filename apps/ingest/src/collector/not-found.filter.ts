import { type ArgumentsHost, Catch, type ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** Unknown routes answer in the collector's error shape, with a code, like every other error. */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  catch(_exception: NotFoundException, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such endpoint; see docs/ingest.md for the routes.' } });
  }
}
