import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type GetTrackSettingsReply, type GetTrackSettingsRequest, RPC, type SetTrackSettingsReply, type SetTrackSettingsRequest } from '@fulcrum/contracts';
import { DomainRpcExceptionFilter, RpcPayloadPipe } from '@fulcrum/messaging';
import { TrackSettingsService } from './track-settings.service';

/** Request/reply handlers of the per-track settings (estimate scales). */
@Controller()
@UseFilters(DomainRpcExceptionFilter)
export class TrackSettingsController {
  constructor(private readonly settings: TrackSettingsService) {}

  @MessagePattern(RPC.backlogTrackSettingsGet)
  get(@Payload(new RpcPayloadPipe(RPC.backlogTrackSettingsGet)) request: GetTrackSettingsRequest): Promise<GetTrackSettingsReply> {
    return this.settings.get(request.projectId);
  }

  @MessagePattern(RPC.backlogTrackSettingsSet)
  set(@Payload(new RpcPayloadPipe(RPC.backlogTrackSettingsSet)) request: SetTrackSettingsRequest): Promise<SetTrackSettingsReply> {
    return this.settings.set(request);
  }
}
