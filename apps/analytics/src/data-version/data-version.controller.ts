import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type DataVersionReply, type DataVersionRequest, RPC } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { DuckDbDatabase } from '../duckdb/duckdb.database';
import { readDataVersion } from '../insights/core/data-version.reader';
import { connectionRunner } from '../insights/core/sql-runner';

/**
 * The current data version, read the way every insight reads it (same table, same snapshot rule),
 * so a poller that sees it advance knows an insight asked now would include the new data.
 */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class DataVersionController {
  constructor(@Inject(DuckDbDatabase) private readonly db: DuckDbDatabase) {}

  @MessagePattern(RPC.analyticsDataVersionGet)
  // The request has no fields; it is still validated, so junk is refused like everywhere else.
  async get(@Payload(new RpcPayloadPipe(RPC.analyticsDataVersionGet)) _request: DataVersionRequest): Promise<DataVersionReply> {
    const version = await this.db.read((c) => readDataVersion(connectionRunner(c)));
    return { dataVersion: version.toString() };
  }
}
