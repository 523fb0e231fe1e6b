import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC, type SqlQueryReplyDto, type SqlQueryRequest } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { SandboxQueryRunner } from './sandbox-query.runner';

/** Read-only SQL of data scientists over one project's events and persons (docs/sql-sandbox.md). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class SqlController {
  constructor(private readonly sandbox: SandboxQueryRunner) {}

  @MessagePattern(RPC.analyticsSqlRun)
  run(@Payload(new RpcPayloadPipe(RPC.analyticsSqlRun)) request: SqlQueryRequest): Promise<SqlQueryReplyDto> {
    return this.sandbox.run(request);
  }
}
