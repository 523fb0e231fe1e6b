import { Injectable } from '@nestjs/common';
import { RPC } from '@fulcrum/contracts';
import { RpcClient } from '@fulcrum/messaging';

/**
 * The project's time zone for an insight request. Asking ingest also answers PROJECT_NOT_FOUND for
 * an unknown project, rather than an empty result that looks like "no events yet".
 */
@Injectable()
export class ProjectTimeZoneLookup {
  constructor(private readonly rpc: RpcClient) {}

  async timeZoneOf(projectId: string): Promise<string> {
    return (await this.rpc.request(RPC.ingestProjectsGet, { projectId })).project.timeZone;
  }
}
