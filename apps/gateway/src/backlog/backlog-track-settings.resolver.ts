import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RPC } from '@fulcrum/contracts';
import { RpcClient, type RequestEnvelope } from '@fulcrum/messaging';
import { BacklogProjectArg } from './backlog.args';
import { SetBacklogTrackEstimateScaleInput } from './backlog-items.input';
import { toBacklogTrackSettings } from './backlog-items.mapper';
import { BacklogTrackSettings } from './backlog-items.model';
import { Envelope } from '../envelope/request-envelope.decorator';

/** Per project and track: the estimate scale (Fibonacci points, T-shirt sizes or none). */
@Resolver(() => BacklogTrackSettings)
export class BacklogTrackSettingsResolver {
  constructor(private readonly rpc: RpcClient) {}

  @Query(() => [BacklogTrackSettings], { description: 'The settings of the four tracks of the project, in track order (PRODUCT, DESIGN, ENGINEERING, DATA).' })
  async backlogTrackSettings(@Envelope() envelope: RequestEnvelope, @BacklogProjectArg() projectId: string): Promise<BacklogTrackSettings[]> {
    return (await this.rpc.request(RPC.backlogTrackSettingsGet, { projectId }, { envelope })).tracks.map(toBacklogTrackSettings);
  }

  @Mutation(() => BacklogTrackSettings, { description: "Changes a track's estimate scale in the project (PMs and admins)." })
  async setBacklogTrackEstimateScale(@Envelope() envelope: RequestEnvelope, @Args('input', { description: 'The track and its new scale.' }) input: SetBacklogTrackEstimateScaleInput): Promise<BacklogTrackSettings> {
    const reply = await this.rpc.request(RPC.backlogTrackSettingsSet, { projectId: input.projectId, track: input.track, estimateScale: input.estimateScale }, { envelope });
    return toBacklogTrackSettings(reply.settings);
  }
}
