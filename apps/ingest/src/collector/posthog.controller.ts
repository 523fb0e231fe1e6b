import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CollectorResponder } from './collector.responder';
import { CollectorService } from './collector.service';
import { readPosthogGet, readRawRequest } from './raw-request.reader';

const CAPTURE_ROUTES = ['batch', 'capture', 'e', 'i/v0/e', 'track'];

/** No feature flags are served: answer the flag endpoints harmlessly so PostHog SDKs carry on. */
const NO_FLAGS = {
  flags: {},
  featureFlags: {},
  featureFlagPayloads: {},
  errorsWhileComputingFlags: false,
};

/** PostHog capture API (trailing slashes are ignored by the HTTP adapter). */
@Controller()
export class PosthogController {
  constructor(
    private readonly collector: CollectorService,
    private readonly responder: CollectorResponder,
  ) {}

  @Post(CAPTURE_ROUTES)
  capture(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.responder.respond(reply, 'posthog', () => this.collector.collectPosthog(readRawRequest(req)));
  }

  @Get(CAPTURE_ROUTES)
  captureGet(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.responder.respond(reply, 'posthog', () => this.collector.collectPosthog(readPosthogGet(req)));
  }

  @Post(['flags', 'decide'])
  @HttpCode(200)
  flags(): typeof NO_FLAGS {
    return NO_FLAGS;
  }

  @Get(['flags', 'decide'])
  flagsGet(): typeof NO_FLAGS {
    return NO_FLAGS;
  }
}
