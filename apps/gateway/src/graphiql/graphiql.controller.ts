import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@fulcrum/contracts';
import { Public } from '../auth/auth.decorators';
import { graphiqlAsset, graphiqlPage } from './graphiql.assets';

/** GraphiQL for people: `GET /graphiql` (a browser opening `/graphql` is redirected here). */
@Controller('graphiql')
@Public()
export class GraphiqlController {
  @Get()
  page(@Res() reply: FastifyReply): void {
    void reply.type('text/html; charset=utf-8').send(graphiqlPage('/graphql'));
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    const asset = graphiqlAsset(name);
    if (!asset) throw new DomainError('NOT_FOUND', `No asset ${name}`);
    void reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(asset.body);
  }
}
