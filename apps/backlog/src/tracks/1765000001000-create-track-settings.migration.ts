import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per project and track: the estimate scale. A row exists once a track was used or configured
 * (an absent row means the default scale; updated_* stay null until someone sets it). Its row lock
 * also serialises the rank changes of the track.
 */
export class CreateTrackSettings1765000001000 implements MigrationInterface {
  name = 'CreateTrackSettings1765000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backlog_track_settings (
        project_id uuid NOT NULL REFERENCES backlog_projects (project_id),
        track text NOT NULL CHECK (track IN ('PRODUCT', 'DESIGN', 'ENGINEERING', 'DATA')),
        estimate_scale text NOT NULL CHECK (estimate_scale IN ('FIBONACCI', 'TSHIRT', 'NONE')),
        updated_at timestamptz,
        updated_by text,
        PRIMARY KEY (project_id, track)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backlog_track_settings`);
  }
}
