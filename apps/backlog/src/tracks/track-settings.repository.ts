import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EstimateScale, Track } from '../domain/backlog.vocabulary';
import { defaultEstimateScale } from './default-estimate-scale';
import { returningRows } from '../infrastructure/returning-rows';

export interface TrackSettingsRow {
  track: Track;
  estimateScale: EstimateScale;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Lock strength on a track's settings row: rank changes and scale changes take UPDATE, estimate writes SHARE. */
export type TrackLock = 'UPDATE' | 'SHARE';

/**
 * `backlog_track_settings`. Locking a track creates its row with the default scale first (a row
 * lock needs a row); the project must be known to the backlog (`backlog_projects`) by then.
 */
@Injectable()
export class TrackSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The track's settings, its row locked in the caller's transaction. */
  async lock(manager: EntityManager, projectId: string, track: Track, strength: TrackLock): Promise<TrackSettingsRow> {
    await manager.query(
      `INSERT INTO backlog_track_settings (project_id, track, estimate_scale) VALUES ($1, $2, $3) ON CONFLICT (project_id, track) DO NOTHING`,
      [projectId, track, defaultEstimateScale(track)],
    );
    // The strength is one of two fixed keywords, never user text.
    const rows: RawRow[] = await manager.query(
      `SELECT track, estimate_scale, updated_at, updated_by FROM backlog_track_settings WHERE project_id = $1 AND track = $2 FOR ${strength === 'UPDATE' ? 'UPDATE' : 'SHARE'}`,
      [projectId, track],
    );
    return toRow(rows[0] as RawRow);
  }

  /** Every configured track of a project (absent tracks have their defaults). */
  async list(projectId: string): Promise<TrackSettingsRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT track, estimate_scale, updated_at, updated_by FROM backlog_track_settings WHERE project_id = $1`,
      [projectId],
    );
    return rows.map(toRow);
  }

  async setScale(manager: EntityManager, projectId: string, track: Track, scale: EstimateScale, actor: string): Promise<TrackSettingsRow> {
    const rows = returningRows<RawRow>(
      await manager.query(
        `UPDATE backlog_track_settings SET estimate_scale = $3, updated_at = now(), updated_by = $4
          WHERE project_id = $1 AND track = $2
          RETURNING track, estimate_scale, updated_at, updated_by`,
        [projectId, track, scale, actor],
      ),
    );
    return toRow(rows[0] as RawRow);
  }
}

interface RawRow {
  track: Track;
  estimate_scale: EstimateScale;
  updated_at: Date | null;
  updated_by: string | null;
}

function toRow(r: RawRow): TrackSettingsRow {
  return { track: r.track, estimateScale: r.estimate_scale, updatedAt: r.updated_at, updatedBy: r.updated_by };
}
