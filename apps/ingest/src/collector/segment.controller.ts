import { Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SegmentRoute } from '../wire/segment.mapper';
import { CollectorResponder } from './collector.responder';
import { CollectorService } from './collector.service';
import { readRawRequest } from './raw-request.reader';

/**
 * Segment HTTP Tracking API. analytics-node posts `/v1/batch`; analytics.js in browsers uses the
 * short forms `/v1/t|i|p|s|g|a|b` with `text/plain` bodies and the write key in the body.
 */
@Controller('v1')
export class SegmentController {
  constructor(
    private readonly collector: CollectorService,
    private readonly responder: CollectorResponder,
  ) {}

  @Post(['batch', 'b'])
  batch(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('batch', req, reply);
  }

  @Post(['track', 't'])
  track(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('track', req, reply);
  }

  @Post(['identify', 'i'])
  identify(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('identify', req, reply);
  }

  @Post(['page', 'p'])
  page(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('page', req, reply);
  }

  @Post(['screen', 's'])
  screen(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('screen', req, reply);
  }

  @Post(['group', 'g'])
  group(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('group', req, reply);
  }

  @Post(['alias', 'a'])
  alias(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('alias', req, reply);
  }

  private handle(route: SegmentRoute, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.responder.respond(reply, 'segment', () => this.collector.collectSegment(route, readRawRequest(req)));
  }
}
