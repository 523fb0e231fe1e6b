import { Injectable } from '@nestjs/common';
import { type BacklogTrackSettingsDto, DomainError, type GetTrackSettingsReply, type SetTrackSettingsReply, type SetTrackSettingsRequest } from '@fulcrum/contracts';
import { requireEnvelope } from '@fulcrum/messaging';
import { BacklogTransactionRunner } from '../activity/backlog-transaction.runner';
import { ItemActivityRecorder } from '../activity/item-activity.recorder';
import { TRACKS } from '../domain/backlog.vocabulary';
import { estimateValues } from '../domain/estimate.scale';
import { ProjectGraphCache } from '../graph/project-graph.cache';
import { ItemsRepository } from '../items/items.repository';
import { ProjectKeyReader } from '../projects/project-key.reader';
import { defaultEstimateScale } from './default-estimate-scale';
import { type TrackSettingsRow, TrackSettingsRepository } from './track-settings.repository';

/** Most item keys a refused scale change lists (the count says how many there are in all). */
const MAX_LISTED_ITEMS = 100;

/**
 * Each track's estimate scale. A change is refused while items of the track carry estimates the
 * new scale does not have: the check and the change run under the track's lock, which estimate
 * writes also take, so no estimate can slip in between. A scale weighs the track's items in the
 * dependency view: a change claims the project's graph change (ProjectGraphCache) and publishes it
 * after the commit.
 */
@Injectable()
export class TrackSettingsService {
  constructor(
    private readonly tx: BacklogTransactionRunner,
    private readonly tracks: TrackSettingsRepository,
    private readonly items: ItemsRepository,
    private readonly projectKeys: ProjectKeyReader,
    private readonly activity: ItemActivityRecorder,
    private readonly graphs: ProjectGraphCache,
  ) {}

  async get(projectId: string): Promise<GetTrackSettingsReply> {
    const stored = new Map((await this.tracks.list(projectId)).map((row) => [row.track, row]));
    return { tracks: TRACKS.map((track) => toDto(stored.get(track) ?? { track, estimateScale: defaultEstimateScale(track), updatedAt: null, updatedBy: null })) };
  }

  async set(request: SetTrackSettingsRequest): Promise<SetTrackSettingsReply> {
    const { projectId, track, estimateScale } = request;
    await this.projectKeys.ensure(projectId);
    const actor = requireEnvelope().actorId;
    const { reply, change } = await this.tx.run(async (manager) => {
      const current = await this.tracks.lock(manager, projectId, track, 'UPDATE');
      if (current.estimateScale === estimateScale) return { reply: { settings: toDto(current) }, change: null };
      const allowed = estimateValues(estimateScale);
      const invalid = await this.items.estimatesOutside(manager, projectId, track, allowed);
      if (invalid.length > 0) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `${invalid.length} item(s) of the ${track} track have estimates the ${estimateScale} scale does not have; clear or change them first.`,
          { field: 'estimateScale', track, estimateScale, allowed, itemCount: invalid.length, items: invalid.slice(0, MAX_LISTED_ITEMS) },
        );
      }
      const change = await this.graphs.claim(manager, projectId);
      const updated = await this.tracks.setScale(manager, projectId, track, estimateScale, actor);
      await this.activity.recordTrackChange(manager, { projectId, changes: [{ field: 'estimateScale', old: current.estimateScale, new: estimateScale }], detail: { track } });
      change?.record((s) => s.setScale(track, estimateScale));
      return { reply: { settings: toDto(updated) }, change };
    });
    this.graphs.publish(change);
    return reply;
  }
}

function toDto(row: TrackSettingsRow): BacklogTrackSettingsDto {
  return {
    track: row.track,
    estimateScale: row.estimateScale,
    estimateValues: [...estimateValues(row.estimateScale)],
    updatedAt: row.updatedAt?.toISOString() ?? null,
    updatedBy: row.updatedBy,
  };
}
