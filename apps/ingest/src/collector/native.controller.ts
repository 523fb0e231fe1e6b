import { Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CollectorResponder } from './collector.responder';
import { CollectorService } from './collector.service';
import { readRawRequest } from './raw-request.reader';

/** Fulcrum's own batch API: `POST /v1/events`, write key as `Authorization: Bearer`. */
@Controller('v1')
export class NativeController {
  constructor(
    private readonly collector: CollectorService,
    private readonly responder: CollectorResponder,
  ) {}

  @Post('events')
  events(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.responder.respond(reply, 'native', () => this.collector.collectNative(readRawRequest(req)));
  }
}
